package io.contmig.load.mqtt;

/**
 * What the fleet does when one publish completes. Called once per accepted publish on a client library's thread
 * (Paho's callback thread, or a shared Netty event loop): must not block.
 */
interface PublishCompletion {

    /** The broker acknowledged it (PUBACK at QoS 1). */
    void acknowledged();

    /** It failed: the connection broke, or the session ended, before the acknowledgement. */
    void failed(Throwable cause);
}
