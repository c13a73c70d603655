package io.contmig.sandbox.routing;

import io.contmig.target.Login;
import io.contmig.target.SiteEndpoints;

/**
 * The sandbox's address book: how each site's servers, and the devices' gateway broker, are reached from a given
 * site — directly on the same site, through the emulated WAN (a delay proxy) otherwise.
 *
 * <p>Implementations are thread-safe and return stable addresses for the life of the sandbox.
 */
public interface SiteAddresses {

    /** The endpoints of {@code site} as seen from site {@code from}. */
    SiteEndpoints endpoints(String site, String from);

    /** The gateway (devices' side) MQTT broker's URL as seen from site {@code from}: through its device link. */
    String gatewayMqttUrl(String from);

    /** What the gateway broker asks of its clients in CONNECT ({@link Login#NONE}: nothing). */
    default Login gatewayMqttLogin() {
        return Login.NONE;
    }
}
