package io.contmig.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.target.Login;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;

/**
 * Writes {@code sandbox.json} (its shape: the root README.md; mode 0600): the REST API and its login, the gateway
 * broker and its login, each site's servers addressed directly with the InfluxDB and MQTT logins
 * ({@code influxUser}, {@code influxPassword}, {@code mqttUser}, {@code mqttPassword}) and each tenant's site; and,
 * next to it, {@code sandbox-credentials.properties} (mode 0600) with each site's PostgreSQL credentials, which
 * {@code sandbox.json} leaves out, and again the InfluxDB and MQTT logins, in the keys a {@code target: sitewhere}
 * run reads from its credentials file.
 *
 * <p>Stateless. The file is written to a sibling {@code .tmp} and moved into place atomically; an
 * {@link IOException} leaves any earlier file as it was.
 */
final class SandboxJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SandboxJson() {
    }

    static void write(Path file, String restBaseUrl, String restAuthUrl, String restPassword, String mqttUrl,
                      Login mqttLogin, Collection<Site> sites, SandboxRouting routing) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode restNode = root.putObject("rest");
        restNode.put("baseUrl", restBaseUrl);
        restNode.put("authUrl", restAuthUrl);
        restNode.put("username", "admin");
        restNode.put("password", restPassword);
        ObjectNode mqttNode = root.putObject("mqtt").put("url", mqttUrl);
        if (!mqttLogin.isNone()) {
            mqttNode.put("username", mqttLogin.user()).put("password", mqttLogin.password());
        }
        ObjectNode sitesNode = root.putObject("sites");
        for (Site site : sites) {
            SiteEndpoints e = site.direct();
            ObjectNode s = sitesNode.putObject(site.name());
            s.put("postgres", e.postgresJdbcUrl());
            s.put("kafka", e.kafkaBootstrap());
            s.put("influx", e.influxUrl());
            s.put("mqtt", e.mqttUrl());
            if (!e.influxLogin().isNone()) {
                s.put("influxUser", e.influxLogin().user()).put("influxPassword", e.influxLogin().password());
            }
            if (!e.mqttLogin().isNone()) {
                s.put("mqttUser", e.mqttLogin().user()).put("mqttPassword", e.mqttLogin().password());
            }
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
        writeCredentials(credentialsFile(target), mqttLogin, sites);
    }

    /**
     * The owner-only file next to {@code sandbox.json} holding each site's PostgreSQL credentials, which
     * {@code sandbox.json} leaves out: a {@code target: sitewhere} run takes them from it when
     * {@code CONTMIG_CREDENTIALS_FILE} names it.
     */
    static Path credentialsFile(Path sandboxJson) {
        return sandboxJson.toAbsolutePath().resolveSibling("sandbox-credentials.properties");
    }

    /** Created 0600 before any secret is written (never readable by others, not even briefly), then moved in. */
    private static void writeCredentials(Path file, Login mqttLogin, Collection<Site> sites) throws IOException {
        StringBuilder text = new StringBuilder("# Credentials of the sandbox's servers (owner-only)\n");
        if (!mqttLogin.isNone()) {
            text.append("mqtt.username=").append(mqttLogin.user()).append('\n');
            text.append("mqtt.password=").append(mqttLogin.password()).append('\n');
        }
        for (Site site : sites) {
            SiteEndpoints e = site.direct();
            text.append(site.name()).append(".postgresUser=").append(e.postgresUser()).append('\n');
            text.append(site.name()).append(".postgresPassword=").append(e.postgresPassword()).append('\n');
            if (!e.influxLogin().isNone()) {
                text.append(site.name()).append(".influxUser=").append(e.influxLogin().user()).append('\n');
                text.append(site.name()).append(".influxPassword=").append(e.influxLogin().password()).append('\n');
            }
            if (!e.mqttLogin().isNone()) {
                text.append(site.name()).append(".mqttUser=").append(e.mqttLogin().user()).append('\n');
                text.append(site.name()).append(".mqttPassword=").append(e.mqttLogin().password()).append('\n');
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
