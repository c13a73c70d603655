package io.contmig.load.iotlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A client of the FIT IoT-LAB REST API ({@code https://www.iot-lab.info/api/} by default; any base URL, e.g. a
 * replay server in tests): check credentials, submit an experiment, read its state and nodes, stop it. HTTP Basic
 * auth on every call; answers are read leniently (unknown fields ignored, numbers accepted as strings), as the real
 * API carries more than it documents.
 *
 * <p>Thread-safe (the JDK {@link HttpClient} is). Failures are {@link IotLabException}s naming the call:
 * {@link IotLabException.Auth} for a refused login (401), {@link IotLabException.Forbidden} (403),
 * {@link IotLabException.State} when an experiment is not Running where it must be.
 */
public final class IotLabClient {

    /** The public API. */
    public static final URI DEFAULT_BASE = URI.create("https://www.iot-lab.info/api/");

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String login;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUri  the API root; a trailing {@code /} is added when missing (paths are resolved against it)
     * @param password copied, then the caller may wipe its array
     */
    public IotLabClient(URI baseUri, String login, char[] password, Duration timeout) {
        Objects.requireNonNull(baseUri, "baseUri");
        String b = baseUri.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.login = Objects.requireNonNull(login, "login");
        char[] pw = Arrays.copyOf(password, password.length);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (login + ":" + new String(pw)).getBytes(StandardCharsets.UTF_8));
        Arrays.fill(pw, '\0');
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET user}: returns normally when the login is accepted. */
    public void checkCredentials() throws IotLabException {
        call("GET", "user", null, null);
    }

    /** {@code POST experiments} (multipart: the {@code new_exp.json} part plus the firmware file, if any). */
    public long submit(ExperimentSpec spec) throws IotLabException {
        String boundary = "contmig-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "new_exp.json", "application/json",
                spec.toJson().toString().getBytes(StandardCharsets.UTF_8));
        if (spec.firmwareFile().isPresent()) {
            try {
                part(body, boundary, spec.firmwareName(), "application/octet-stream",
                        Files.readAllBytes(spec.firmwareFile().get()));
            } catch (IOException e) {
                throw new IotLabException("firmware " + spec.firmwareFile().get() + " unreadable: " + e.getMessage(), e);
            }
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = call("POST", "experiments", HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                "multipart/form-data; boundary=" + boundary);
        long id = number(answer.path("id"));
        if (id <= 0) {
            throw new IotLabException("POST " + base.resolve("experiments") + ": no experiment id in " + answer, 200);
        }
        return id;
    }

    private static void part(ByteArrayOutputStream out, String boundary, String filename, String type, byte[] content) {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + filename
                + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET experiments/{id}}. */
    public ExperimentInfo experiment(long id) throws IotLabException {
        JsonNode e = call("GET", "experiments/" + id, null, null);
        String state = e.path("state").asText("");
        if (state.isEmpty()) {
            throw new IotLabException("GET " + base.resolve("experiments/" + id) + ": no state in " + e, 200);
        }
        long reported = number(e.path("id"));
        return new ExperimentInfo(reported > 0 ? reported : id, e.path("name").asText(""), state,
                (int) Math.max(0, number(e.path("nb_nodes"))));
    }

    /** {@code GET experiments/{id}/nodes}. */
    public List<IotLabNode> experimentNodes(long id) throws IotLabException {
        JsonNode answer = call("GET", "experiments/" + id + "/nodes", null, null);
        List<IotLabNode> nodes = new ArrayList<>();
        for (JsonNode n : answer.path("items")) {
            nodes.add(new IotLabNode(n.path("network_address").asText(""), n.path("site").asText(""),
                    n.path("archi").asText(""), n.path("state").asText("")));
        }
        return nodes;
    }

    /**
     * {@code DELETE experiments/{id}}. An experiment that was already stopped is not an error ("This job was
     * already killed"): stopping is idempotent. Returns IoT-LAB's status text.
     */
    public String stop(long id) throws IotLabException {
        try {
            JsonNode answer = call("DELETE", "experiments/" + id, null, null);
            return answer.path("status").asText("");
        } catch (IotLabException e) {
            if (e.getMessage().contains("already killed")) {
                return "already stopped";
            }
            throw e;
        }
    }

    /** Fails unless experiment {@code id} is Running now. */
    public ExperimentInfo requireRunning(long id) throws IotLabException {
        ExperimentInfo info = experiment(id);
        if (!info.running()) {
            throw new IotLabException.State("experiment " + id + " is " + info.state() + "; expected Running", info.state());
        }
        return info;
    }

    /**
     * Polls every {@code poll} until the experiment is Running; fails at once when it ends (Terminated, Stopped,
     * Error) and after {@code timeout} otherwise.
     */
    public ExperimentInfo awaitRunning(long id, Duration timeout, Duration poll) throws IotLabException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ExperimentInfo info = experiment(id);
            if (info.running()) {
                return info;
            }
            if (info.finished()) {
                throw new IotLabException.State("experiment " + id + " is " + info.state()
                        + " and will not run; expected Running", info.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IotLabException.State("experiment " + id + " still " + info.state() + " after " + timeout
                        + "; expected Running", info.state());
            }
            Thread.sleep(poll.toMillis()); // the documented way: poll the state (iotlabcli waits 5 s per step)
        }
    }

    private JsonNode call(String method, String path, HttpRequest.BodyPublisher body, String contentType)
            throws IotLabException {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        String what = method + " " + uri;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IotLabException("IoT-LAB API unreachable: " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IotLabException("IoT-LAB API failed: " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotLabException("interrupted: " + what, e);
        }
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        JsonNode json;
        try {
            json = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (status == 200 || status == 204) {
            return json;
        }
        String message = json.path("message").asText(text.length() > 200 ? text.substring(0, 200) : text);
        if (status == 401) {
            throw new IotLabException.Auth("IoT-LAB rejected login '" + login + "' (401) at " + base + ": " + message);
        }
        if (status == 403) {
            throw new IotLabException.Forbidden("IoT-LAB forbids login '" + login + "': " + what + " (403): " + message);
        }
        throw new IotLabException(what + " answered HTTP " + status + ": " + message, status);
    }

    /** A JSON number, or a number written as a string (IoT-LAB does both); -1 otherwise. */
    private static long number(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
