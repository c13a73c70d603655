package io.contmig.inject;

import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A {@link TenantRouting} that passes everything to the routing it wraps and times every write block taken through
 * it: from the moment {@link #blockWrites} returned (writes are held) to the block's close. {@link InjectionRunner}
 * hands one to each injector, so every strategy's write-block time is measured in one place, whatever its code,
 * and written as a fact into its verification file ({@link #facts}).
 *
 * <p>Thread-safe. A block still open when {@link #facts} is called counts up to that moment.
 */
final class WriteBlockTimer extends ForwardingTenantRouting {

    /** One write block: which store, when it was taken and released (nanos of the timer's clock; -1 while open). */
    private record Span(Store store, long fromNanos, long toNanos) {
    }

    private final LongSupplier nanoClock;
    private final List<Span> spans = new ArrayList<>();

    /** Times the blocks taken through {@code routing}, on {@code nanoClock} (e.g. {@code System::nanoTime}). */
    WriteBlockTimer(TenantRouting routing, LongSupplier nanoClock) {
        super(routing);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }





    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException {
        WriteBlock held = delegate.blockWrites(tenant, store, maxWait);
        int index;
        synchronized (spans) {
            index = spans.size();
            spans.add(new Span(store, nanoClock.getAsLong(), -1));
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    held.close();
                } finally {
                    synchronized (spans) {
                        Span open = spans.get(index);
                        spans.set(index, new Span(open.store(), open.fromNanos(), nanoClock.getAsLong()));
                    }
                }
            }
        };
    }




    /**
     * The facts for the verification file: {@code writeBlockMs} (how long any of the tenant's writes were held: the
     * union of every block's span, 0 when none was taken), {@code writeBlocks} (how many blocks) and
     * {@code writeBlockMsByStore} (per store label, the union of that store's blocks).
     */
    Map<String, Object> facts() {
        List<Span> now;
        long end = nanoClock.getAsLong();
        synchronized (spans) {
            now = spans.stream().map(s -> s.toNanos() < 0 ? new Span(s.store(), s.fromNanos(), end) : s).toList();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("writeBlockMs", millis(unionNanos(now)));
        facts.put("writeBlocks", now.size());
        Map<String, Double> byStore = new LinkedHashMap<>();
        now.stream().map(Span::store).distinct().sorted(Comparator.comparing(Store::label)).forEach(store ->
                byStore.put(store.label(), millis(unionNanos(now.stream().filter(s -> s.store().equals(store))
                        .toList()))));
        facts.put("writeBlockMsByStore", byStore);
        return facts;
    }

    private static long unionNanos(List<Span> spans) {
        List<Span> sorted = spans.stream().sorted(Comparator.comparingLong(Span::fromNanos)).toList();
        long total = 0;
        long coveredTo = Long.MIN_VALUE;
        for (Span s : sorted) {
            long from = Math.max(s.fromNanos(), coveredTo);
            if (s.toNanos() > from) {
                total += s.toNanos() - from;
            }
            coveredTo = Math.max(coveredTo, s.toNanos());
        }
        return total;
    }

    /** Milliseconds with three decimals (a sub-millisecond block is not 0). */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
