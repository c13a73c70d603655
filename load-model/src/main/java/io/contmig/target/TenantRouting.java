package io.contmig.target;

import java.time.Duration;
import java.util.List;

/**
 * Where each tenant's stores and pipeline stage live, and the switch that moves them: implemented by the sandbox
 * (and by adapters for a real deployment), used by injectors at cutover.
 *
 * <p>Thread-safe. The pipeline and REST API consult it on every write; a switch is atomic for readers.
 */
public interface TenantRouting {

    /** The names of the sites, e.g. {@code [cloud, edge]}. */
    List<String> sites();

    /** The tenants known to the target. */
    List<String> tenants();

    /** The site now serving {@code store} of {@code tenant}. */
    String siteOf(String tenant, Store store);

    /**
     * The endpoints of {@code site} as seen from site {@code from} (through the emulated WAN when they differ).
     * Injectors use this for cross-site traffic (replication, mirroring, copies), so that it pays the WAN delay.
     */
    SiteEndpoints endpoints(String site, String from);

    /**
     * Holds back new writes of {@code tenant} to {@code store}: writers wait (at most {@code maxWait}, after which
     * their write fails and is recorded as an error — it never disappears) until the returned block is closed.
     * Writes already in flight are finished before this returns. For {@link Store#KAFKA} the block also pauses
     * the tenant's consumers after committing their positions, so that a cutover can translate offsets; they
     * resume (on whichever site then serves the tenant) when the block is closed. Closing it twice is harmless.
     */
    WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException;

    /**
     * From now on, every new write of {@code tenant} to {@code store} is also sent to {@code site} (dual write),
     * until {@link #stopDualWrite}. A failed write to the second site is recorded as an error of that write.
     * Used by copy-and-catch-up migrations; a target that cannot dual-write a store throws
     * {@link UnsupportedOperationException} naming the store.
     */
    void startDualWrite(String tenant, Store store, String site);

    /** Ends the dual write started by {@link #startDualWrite}; harmless when none is running. */
    void stopDualWrite(String tenant, Store store);

    /** Makes {@code site} serve {@code store} of {@code tenant} from now on; atomic for readers and writers. */
    void switchSite(String tenant, Store store, String site);

    /** A hold on a tenant's writes; {@link #close()} releases it. Idempotent. */
    interface WriteBlock extends AutoCloseable {
        @Override
        void close();
    }
}
