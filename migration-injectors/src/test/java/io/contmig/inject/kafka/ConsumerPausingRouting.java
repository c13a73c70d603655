package io.contmig.inject.kafka;

import io.contmig.inject.ForwardingTenantRouting;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tests' routing for Kafka moves: {@link SimpleTenantRouting} (real write block, switch) plus what the sandbox's
 * routing does for Kafka — a block also commits and pauses the tenant's consumers, and releasing it resumes them on
 * whichever site serves the tenant then. Thread-safe.
 */
final class ConsumerPausingRouting extends ForwardingTenantRouting {

    private final SimpleTenantRouting simple;
    private final List<TenantConsumer> consumers = new CopyOnWriteArrayList<>();

    ConsumerPausingRouting(SimpleTenantRouting delegate) {
        super(delegate);
        this.simple = delegate;
    }

    SimpleTenantRouting simple() {
        return simple;
    }

    void register(TenantConsumer consumer) {
        consumers.add(consumer);
    }





    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException {
        WriteBlock block = delegate.blockWrites(tenant, store, maxWait);
        if (!store.equals(Store.KAFKA)) {
            return block;
        }
        try {
            for (TenantConsumer c : consumers) {
                if (c.tenant().equals(tenant)) {
                    c.pauseAndCommit();
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            block.close();
            throw e;
        }
        return new WriteBlock() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (closed) {
                    return;
                }
                closed = true;
                block.close();
                for (TenantConsumer c : consumers) {
                    if (c.tenant().equals(tenant)) {
                        c.resume();
                    }
                }
            }
        };
    }



}
