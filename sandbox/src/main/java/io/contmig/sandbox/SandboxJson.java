package io.contmig.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;

/**
 * Writes {@code sandbox.json} (its shape: the root README.md): the REST API, the gateway broker, each site's servers
 * addressed directly and each tenant's site.
 *
 * <p>Stateless. The file is written to a sibling {@code .tmp} and moved into place atomically; an
 * {@link IOException} leaves any earlier file as it was.
 */
final class SandboxJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SandboxJson() {
    }

    static void write(Path file, String restBaseUrl, String restAuthUrl, String restPassword, String mqttUrl,
                      Collection<Site> sites, SandboxRouting routing) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode restNode = root.putObject("rest");
        restNode.put("baseUrl", restBaseUrl);
        restNode.put("authUrl", restAuthUrl);
        restNode.put("username", "admin");
        restNode.put("password", restPassword);
        root.putObject("mqtt").put("url", mqttUrl);
        ObjectNode sitesNode = root.putObject("sites");
        for (Site site : sites) {
            SiteEndpoints e = site.direct();
            ObjectNode s = sitesNode.putObject(site.name());
            s.put("postgres", e.postgresJdbcUrl());
            s.put("postgresUser", e.postgresUser());
            s.put("postgresPassword", e.postgresPassword());
            s.put("kafka", e.kafkaBootstrap());
            s.put("influx", e.influxUrl());
            s.put("mqtt", e.mqttUrl());
        }
        ObjectNode tenants = root.putObject("tenants");
        for (String tenant : routing.tenants()) {
            tenants.putObject(tenant).put("site", routing.siteOf(tenant, Store.PIPELINE));
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        // It holds this sandbox's credentials: readable by its owner only, from the first byte.
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
