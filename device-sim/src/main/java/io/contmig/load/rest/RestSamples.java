package io.contmig.load.rest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

/**
 * Building blocks that put a Gatling request's timing into the run record as a {@code rest.<name>} sample, for
 * the built-in simulation and for users' own simulations:
 *
 * <pre>{@code
 * exec(RestSamples.begin())
 *     .exec(http("myCall").get("/devices/x").check(status().is(200), RestSamples.responseTime()))
 *     .exec(RestSamples.end("myCall", "acme"));
 * }</pre>
 *
 * {@link #begin()} stamps the user's start (its intended start: users arrive on Gatling's open schedule), the
 * check saves Gatling's response time, and {@link #end} records intended → now on the run clock, with the service
 * time (Gatling's response time) as the start. A failed check or request records a {@code .ko} sample.
 * Stateless; thread-safe.
 */
public final class RestSamples {

    /** Session key of the run-clock time at which the virtual user started. */
    public static final String INTENDED = "contmig.intendedNanos";
    /** Session key of Gatling's response time in milliseconds (saved by {@link #responseTime()}). */
    public static final String RESPONSE_MILLIS = "contmig.responseMillis";

    private RestSamples() {
    }

    /** Stamps the intended start; put first in the user's chain. */
    public static ChainBuilder begin() {
        return exec(session -> session.set(INTENDED, RestLoadContext.current().clock().nanos())
                .remove(RESPONSE_MILLIS));
    }

    /** The check that saves Gatling's response time of the request. */
    public static CheckBuilder.Final responseTime() {
        return responseTimeInMillis().saveAs(RESPONSE_MILLIS);
    }

    /** Records the request as {@code rest.<name>} for a fixed tenant. */
    public static ChainBuilder end(String name, String tenant) {
        return exec(session -> record(session, name, tenant));
    }

    /** Records the request as {@code rest.<name>} for the tenant held in session attribute {@code tenantKey}. */
    public static ChainBuilder endForSessionTenant(String name, String tenantKey) {
        return exec(session -> record(session, name, session.getString(tenantKey)));
    }

    private static Session record(Session session, String name, String tenant) {
        RestLoadContext context = RestLoadContext.current();
        long end = context.clock().nanos();
        long intended = session.contains(INTENDED) ? session.getLong(INTENDED) : end;
        long start = intended;
        if (session.contains(RESPONSE_MILLIS)) {
            start = Math.max(intended, end - session.getLong(RESPONSE_MILLIS) * 1_000_000L);
        }
        context.record(name, tenant, intended, start, end, !session.isFailed());
        // A later request of the same user must not inherit this one's failure.
        return session.markAsSucceeded();
    }
}
