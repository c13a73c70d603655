package io.contmig.load.provision;

import java.net.URI;
import java.util.Objects;

/**
 * Where SiteWhere's REST API is and who logs in, as in {@code sandbox.json}'s {@code rest} object.
 *
 * @param baseUrl  the API root, e.g. {@code http://127.0.0.1:18080/sitewhere/api}
 * @param authUrl  the JWT endpoint, e.g. {@code http://127.0.0.1:18080/sitewhere/authapi/jwt}
 * @param username login (Basic auth on {@code authUrl})
 * @param password password
 */
public record RestEndpoint(URI baseUrl, URI authUrl, String username, String password) {

    public RestEndpoint {
        requireHttp("baseUrl", baseUrl);
        requireHttp("authUrl", authUrl);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("username '" + username + "' must be non-empty and without ':'");
        }
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            baseUrl = URI.create(base.substring(0, base.length() - 1));
        }
    }

    private static void requireHttp(String name, URI uri) {
        Objects.requireNonNull(uri, name);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " '" + uri + "' must be an http(s) URL with a host");
        }
    }

    /** {@code baseUrl} + {@code /} + {@code path} (path without a leading slash, already encoded). */
    public URI api(String path) {
        return URI.create(baseUrl + "/" + path);
    }
}
