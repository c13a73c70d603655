package io.contmig.runner.bench;

import io.contmig.load.provision.RestEndpoint;
import io.contmig.target.FaultControl;
import io.contmig.target.Login;
import io.contmig.target.TenantRouting;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What a run drives and injects into: the embedded sandbox, or a real deployment's endpoints. Started before t=0,
 * closed after the reports (closing stops whatever this target started, and nothing else).
 *
 * <p>Thread-safe for the calls made during a run.
 */
public interface BenchTarget extends AutoCloseable {

    /** {@code sandbox} or {@code sitewhere}: written into plan.json and the reports. */
    String label();

    /** Where devices connect (MQTT). */
    URI mqttUrl();

    /** What devices present to that broker in CONNECT; {@link Login#NONE} when it asks for nothing. */
    default Login mqttLogin() {
        return Login.NONE;
    }

    /** Where API clients and provisioning go (REST, with credentials). */
    RestEndpoint rest();

    /** Where each tenant's stores live, and the switch injectors use. */
    TenantRouting routing();

    /** What fault injections break and heal; empty when the target has no fault control (a real deployment). */
    default Optional<FaultControl> faults() {
        return Optional.empty();
    }

    /** Versions of the servers this target runs, e.g. {@code postgresql → 15.14}. */
    Map<String, String> versions();

    /** Creates {@code tenant} on {@code site} if it does not exist (its databases, topics and pipeline stage). */
    void ensureTenant(String tenant, String site) throws Exception;

    /**
     * Events each tenant's pipeline dead-lettered so far, per reason (tenant → reason → count); empty for a target
     * whose pipeline contmig does not run.
     */
    default Map<String, Map<String, Long>> deadLetters() {
        return Map.of();
    }

    @Override
    void close();
}
