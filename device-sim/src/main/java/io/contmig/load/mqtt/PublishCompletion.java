package io.contmig.load.mqtt;

import java.util.function.BiConsumer;

/**
 * What the fleet does when one publish completes. Called once per accepted publish on a client library's thread
 * (Paho's callback thread, or a shared Netty event loop): must not block.
 *
 * <p>It is also the {@link BiConsumer} a client's future completes with ({@link #accept}), so that a client with a
 * future per publish (HiveMQ) needs no adapter object per event.
 */
interface PublishCompletion extends BiConsumer<Object, Throwable> {

    /** The broker acknowledged it (PUBACK at QoS 1). */
    void acknowledged();

    /** It failed: the connection broke, or the session ended, before the acknowledgement. */
    void failed(Throwable cause);

    /** A future's completion: {@link #acknowledged()} without a failure, else {@link #failed}. */
    @Override
    default void accept(Object result, Throwable failure) {
        if (failure == null) {
            acknowledged();
        } else {
            failed(failure);
        }
    }
}
