package io.contmig.load.mqtt;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.reactivex.schedulers.Schedulers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's links on HiveMQ's Netty-based MQTT client ({@link HiveMqLink}): every connection of one fleet runs on
 * one Netty event loop group of {@code ioThreads} daemon threads ({@code contmig-fleet-mqtt-*}), whatever the number
 * of connections, so 10,000 devices can each hold their own session in one JVM. Completions (PUBACKs) run directly
 * on those event loops — no hand-over to another pool — so what {@link PublishCompletion} does must not block.
 *
 * <p>The group is HiveMQ's, keyed by this factory's executor: created with the first connection, shut down when the
 * last one is closed. Used from the fleet's controlling thread.
 */
final class HiveMqLinks implements MqttLinks {

    /** Event loop threads when not told otherwise: one per core, at least 2, at most 4. */
    static final int DEFAULT_IO_THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static final int CONNECT_WINDOW = 256;
    private static final long CONNECT_TIMEOUT_SECONDS = 15;

    private final FleetConfig config;
    private final AtomicLong reconnects;
    private final MqttClientExecutorConfig executors;

    HiveMqLinks(FleetConfig config, AtomicLong reconnects, int ioThreads) {
        this.config = config;
        this.reconnects = reconnects;
        this.executors = MqttClientExecutorConfig.builder()
                .nettyExecutor(new ThreadPerTaskExecutor(new DefaultThreadFactory("contmig-fleet-mqtt", true)))
                .nettyThreads(ioThreads)
                .applicationScheduler(Schedulers.from(Runnable::run))
                .build();
    }

    @Override
    public MqttLink open(String clientId) {
        return new HiveMqLink(config, clientId, executors, reconnects);
    }

    @Override
    public void connectAll(List<MqttLink> links) throws FleetException {
        for (int from = 0; from < links.size(); from += CONNECT_WINDOW) {
            List<MqttLink> batch = links.subList(from, Math.min(links.size(), from + CONNECT_WINDOW));
            List<CompletableFuture<?>> pending = new ArrayList<>(batch.size());
            for (MqttLink l : batch) {
                pending.add(((HiveMqLink) l).connect());
            }
            for (CompletableFuture<?> f : pending) {
                try {
                    f.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw cannotConnect(e.getCause());
                } catch (TimeoutException e) {
                    throw cannotConnect(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cannotConnect(e);
                }
            }
        }
    }

    private FleetException cannotConnect(Throwable cause) {
        StringBuilder text = new StringBuilder();
        if (cause instanceof TimeoutException) {
            text.append("no CONNACK within ").append(CONNECT_TIMEOUT_SECONDS).append(" s");
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            text.append(text.length() == 0 ? "" : ": ").append(c.getClass().getSimpleName()).append(' ')
                    .append(c.getMessage());
        }
        return new FleetException("MQTT broker " + config.brokerUri() + ": cannot connect: " + text, cause);
    }

    @Override
    public void closeAll(List<MqttLink> links) {
        List<CompletableFuture<?>> closing = new ArrayList<>(links.size());
        for (MqttLink l : links) {
            closing.add(((HiveMqLink) l).close());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (CompletableFuture<?> f : closing) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // Already disconnected, or the broker did not answer: the connection is dropped either way.
            }
        }
    }
}
