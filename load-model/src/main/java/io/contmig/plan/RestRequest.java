package io.contmig.plan;

/**
 * One kind of REST request sent at a steady open-model rate; its latency tag is {@code rest.<name>}.
 *
 * @param name          one of {@link Defaults#REST_REQUESTS}
 * @param ratePerSecond requests per second, over all tenants
 */
public record RestRequest(String name, double ratePerSecond) {

    public RestRequest {
        Plans.requireText("name", name);
        Plans.requireRate("ratePerSecond", ratePerSecond);
    }
}
