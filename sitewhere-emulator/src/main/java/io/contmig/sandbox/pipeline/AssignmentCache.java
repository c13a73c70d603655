package io.contmig.sandbox.pipeline;

import io.contmig.sandbox.devices.ActiveAssignment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inbound processing's cache of device lookups by token (SiteWhere caches them in Redis): known answers live
 * {@link #POSITIVE_TTL_NANOS}, "unknown device / no active assignment" answers only {@link #NEGATIVE_TTL_NANOS} so
 * that a device created or assigned just before its first event is found. The REST API invalidates a token when it
 * changes its device or assignments. Bounded: past {@link #MAX_ENTRIES} tokens (e.g. a flood of unknown devices),
 * expired answers are dropped, then everything if that was not enough — a cache miss only costs a lookup.
 * Thread-safe.
 */
public final class AssignmentCache {

    /** A lookup answer: empty {@code assignments} with {@code deviceKnown} = device without active assignment. */
    public record Lookup(boolean deviceKnown, List<ActiveAssignment> assignments) {
        public Lookup {
            assignments = List.copyOf(assignments);
        }
    }

    static final long POSITIVE_TTL_NANOS = 10_000_000_000L;
    static final long NEGATIVE_TTL_NANOS = 500_000_000L;
    static final int MAX_ENTRIES = 100_000;

    private record Entry(Lookup lookup, long expiresNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The cached lookup of {@code token}, if fresh. */
    public Optional<Lookup> get(String token) {
        Entry e = entries.get(token);
        if (e == null || System.nanoTime() - e.expiresNanos > 0) {
            return Optional.empty();
        }
        return Optional.of(e.lookup);
    }

    /** Caches {@code lookup} for {@code token}. */
    public void put(String token, Lookup lookup) {
        long ttl = lookup.assignments().isEmpty() ? NEGATIVE_TTL_NANOS : POSITIVE_TTL_NANOS;
        long now = System.nanoTime();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.expiresNanos > 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(lookup, now + ttl));
    }

    /** How many tokens are cached now. */
    int size() {
        return entries.size();
    }

    /** Forgets {@code token} (its device or assignments changed). */
    public void invalidate(String token) {
        entries.remove(token);
    }

    /** Forgets everything (the tenant's database moved). */
    public void invalidateAll() {
        entries.clear();
    }
}
