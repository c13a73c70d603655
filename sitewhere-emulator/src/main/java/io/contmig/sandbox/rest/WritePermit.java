package io.contmig.sandbox.rest;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted write (see {@link WriteAdmission}): the sites to write to, and the release to call when the write
 * is over. Thread-safe; closing twice releases once.
 */
public final class WritePermit implements AutoCloseable {

    private final List<String> sites;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A permit to write to {@code sites} (the site serving the store first, then a dual-write site if any; not
     * empty), released by {@code release}.
     */
    public WritePermit(List<String> sites, Runnable release) {
        this.sites = List.copyOf(sites);
        if (this.sites.isEmpty()) {
            throw new IllegalArgumentException("sites must not be empty");
        }
        this.release = Objects.requireNonNull(release, "release");
    }

    /** Where to write: the site serving the store first. */
    public List<String> sites() {
        return sites;
    }

    /** The site serving the store. */
    public String primarySite() {
        return sites.get(0);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
