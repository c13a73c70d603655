package io.contmig.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Test fixture: a REST client that posts a measurement to one assignment every {@code period} on its own thread
 * (SiteWhere's {@code POST /assignments/<token>/measurements}, the path whose Kafka write the pipeline's producer
 * carries) and keeps every failure, until {@link #stop}. Not thread-safe beyond start/stop from one test thread.
 */
final class RestWriter implements AutoCloseable {

    /** One failed call: its HTTP status (0 when the call itself failed) and its body or exception. */
    record Failure(int status, String detail) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String tenant;
    private final String assignment;
    private final String jwt;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private RestWriter(String baseUrl, String jwt, String tenant, String assignment, Duration period) {
        this.baseUrl = baseUrl;
        this.jwt = jwt;
        this.tenant = tenant;
        this.assignment = assignment;
        this.thread = new Thread(() -> loop(period), "rest-writer-" + tenant);
    }

    /** Logs in as {@code admin} with the sandbox's per-start password and starts posting to {@code assignment} of {@code tenant}. */
    static RestWriter start(Sandbox sandbox, String tenant, String assignment, Duration period) throws Exception {
        HttpClient login = HttpClient.newHttpClient();
        HttpResponse<String> answer = login.send(HttpRequest.newBuilder(URI.create(sandbox.restAuthUrl()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + sandbox.restPassword()).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String jwt = answer.headers().firstValue("X-Sitewhere-JWT").orElseThrow(
                () -> new AssertionError("login answered " + answer.statusCode() + " without a JWT"));
        RestWriter writer = new RestWriter(sandbox.restBaseUrl(), jwt, tenant, assignment, period);
        writer.thread.start();
        return writer;
    }

    private void loop(Duration period) {
        long next = System.nanoTime();
        long seq = 0;
        while (running) {
            seq++;
            String body = String.format(Locale.ROOT, "{\"name\":\"rest.temp\",\"value\":%d.5,\"eventDate\":%d,"
                    + "\"metadata\":{\"seq\":\"%d\"}}", seq, System.currentTimeMillis(), seq);
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                URI.create(baseUrl + "/assignments/" + assignment + "/measurements"))
                        .header("Authorization", "Bearer " + jwt).header("X-SiteWhere-Tenant-Id", tenant)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.add(new Failure(answer.statusCode(), answer.body()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.add(new Failure(0, e.toString()));
            }
            // Pacing of the open load, not a wait for a condition.
            next += period.toNanos();
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** Successful calls so far. */
    long succeeded() {
        return ok.get();
    }

    /** Stops posting (waits for the call in flight) and returns every failure; {@link #close} only stops. */
    List<Failure> stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(90));
        return new ArrayList<>(failures);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
