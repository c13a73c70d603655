package io.contmig.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "replay server": a local HTTP server (127.0.0.1, free port) that answers the IoT-LAB API paths the client
 * uses with recorded response shapes from the resources under {@code iotlab/} (shape-derived from public sources,
 * not captured live). It checks Basic auth, records every request (method, path, multipart part names), walks a
 * scripted state sequence on {@code GET experiments/{id}} and answers a second stop with "already killed".
 *
 * <p>Thread-safe (requests are handled one at a time); {@link #close()} stops it.
 */
public final class IotLabReplayServer implements AutoCloseable {

    /** The experiment id every submission gets and the only one the server knows. */
    public static final long EXPERIMENT = 100000;
    private static final Pattern PART_NAME = Pattern.compile("Content-Disposition: form-data; name=\"([^\"]+)\"");

    private final HttpServer server;
    private final String expectedAuth;
    private final List<String> states;
    private int stateIndex;
    private int stops;
    /** Every request as {@code METHOD path} (path relative to {@code /api/}), in arrival order. */
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** The multipart part names of every submission. */
    public final List<String> partNames = Collections.synchronizedList(new ArrayList<>());
    /** The raw multipart body of every submission. */
    public final List<String> parts = Collections.synchronizedList(new ArrayList<>());
    /** False once a request came without the expected Basic credentials. */
    public volatile boolean everyRequestAuthenticated = true;

    /**
     * Starts serving on a free loopback port.
     *
     * @param states what {@code GET experiments/100000} answers, one per call; the last one repeats
     */
    public IotLabReplayServer(String login, String password, List<String> states) throws IOException {
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((login + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.states = List.copyOf(states);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/", this::handle);
        server.start();
    }

    /** The API root, {@code http://127.0.0.1:<port>/api}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath().substring("/api/".length());
        requests.add(method + " " + path);
        if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            everyRequestAuthenticated = false;
            reply(ex, 401, fixture("error-401.json"));
            return;
        }
        String experiment = "experiments/" + EXPERIMENT;
        if (method.equals("GET") && path.equals("user")) {
            reply(ex, 200, fixture("user.json"));
        } else if (method.equals("POST") && path.equals("experiments")) {
            String text = new String(body, StandardCharsets.UTF_8);
            Matcher m = PART_NAME.matcher(text);
            while (m.find()) {
                partNames.add(m.group(1));
            }
            parts.add(text);
            reply(ex, 200, fixture("experiment-submitted.json"));
        } else if (method.equals("GET") && path.equals(experiment)) {
            String state = states.get(Math.min(stateIndex++, states.size() - 1));
            reply(ex, 200, fixture("experiment.json").replace("${state}", state));
        } else if (method.equals("GET") && path.equals(experiment + "/nodes")) {
            reply(ex, 200, fixture("experiment-nodes.json"));
        } else if (method.equals("DELETE") && path.equals(experiment)) {
            reply(ex, stops++ == 0 ? 200 : 500, fixture(stops == 1 ? "stop.json" : "error-already-killed.json"));
        } else {
            reply(ex, 404, fixture("error-404.json"));
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = IotLabReplayServer.class.getResourceAsStream("/iotlab/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture /iotlab/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
