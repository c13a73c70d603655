package io.contmig.runner.bench;

import io.contmig.load.provision.RestEndpoint;
import io.contmig.plan.SandboxTarget;
import io.contmig.sandbox.Sandbox;
import io.contmig.sandbox.SandboxSettings;
import io.contmig.sandbox.pipeline.KafkaValues;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.FaultControl;
import io.contmig.target.TenantRouting;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded two-site sandbox as a bench target: started here (servers, WAN proxies, pipeline, REST API), and
 * stopped — every server with it — on {@link #close()}. Writes {@code sandbox.json} next to the runs. A
 * {@linkplain #borrowed() borrowed} view serves one run of a sandbox that {@link WarmSandbox} keeps: its close stops
 * nothing.
 */
final class SandboxBenchTarget implements BenchTarget {

    private final Sandbox sandbox;
    private final Map<String, String> versions;
    private final boolean owner;

    private SandboxBenchTarget(Sandbox sandbox, Map<String, String> versions, boolean owner) {
        this.sandbox = sandbox;
        this.versions = versions;
        this.owner = owner;
    }

    /** The sandbox settings {@code plan} asks for, its servers' data under {@code <outputDirectory>/sandbox}. */
    static SandboxSettings settings(SandboxTarget plan, Path outputDirectory) {
        return SandboxSettings.defaults(outputDirectory.resolve("sandbox")).withWan(plan.wan())
                .withKafkaValues(KafkaValues.byLabel(plan.kafkaValues()).orElseThrow()).withKafka(plan.kafka());
    }

    /** A view of this target for one run whose {@link #close()} leaves the sandbox running. */
    SandboxBenchTarget borrowed() {
        return new SandboxBenchTarget(sandbox, versions, false);
    }

    static SandboxBenchTarget start(SandboxTarget plan, Path outputDirectory, PrintStream console) throws BenchException {
        console.println("[contmig] starting the sandbox (two sites: PostgreSQL, Kafka, InfluxDB, Mosquitto each)");
        SandboxSettings settings = settings(plan, outputDirectory);
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(settings);
        } catch (RuntimeException e) {
            throw new BenchException("sandbox: " + e.getMessage(), e);
        }
        try {
            sandbox.writeJson(outputDirectory.resolve("sandbox.json"));
            console.println("[contmig] sandbox ready: " + sandbox.startupSummary());
            return new SandboxBenchTarget(sandbox, readVersions(sandbox), true);
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw new BenchException("sandbox: " + e.getMessage(), e);
        }
    }

    /** Asks each server of the cloud site for its version (all sites run the same binaries). */
    private static Map<String, String> readVersions(Sandbox sandbox) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        SiteEndpoints cloud = sandbox.siteEndpoints("cloud");
        try (Connection c = DriverManager.getConnection(cloud.postgresJdbcUrl(), cloud.postgresUser(),
                cloud.postgresPassword()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("show server_version")) {
            r.next();
            v.put("postgresql", r.getString(1));
        } catch (SQLException e) {
            throw new IOException("postgresql on cloud: cannot read its version: " + e.getMessage(), e);
        }
        v.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        v.put("influxdb", new InfluxClient(cloud.influxUrl(), Duration.ofSeconds(5)).ping());
        v.put("mqtt", "mosquitto 2");
        return v;
    }

    /** The running sandbox (tests inspect its servers). */
    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public String label() {
        return "sandbox";
    }

    @Override
    public URI mqttUrl() {
        return URI.create(sandbox.mqttUrl());
    }

    @Override
    public RestEndpoint rest() {
        return new RestEndpoint(URI.create(sandbox.restBaseUrl()), URI.create(sandbox.restAuthUrl()), "admin",
                sandbox.restPassword());
    }

    @Override
    public TenantRouting routing() {
        return sandbox.routing();
    }

    @Override
    public Optional<FaultControl> faults() {
        return Optional.of(sandbox.faults());
    }

    @Override
    public Map<String, String> versions() {
        return versions;
    }

    @Override
    public void ensureTenant(String tenant, String site) {
        // Only the home site: each migration prepares its own target (database, topics), as it would in production.
        sandbox.createTenant(tenant, site);
    }

    @Override
    public Map<String, Map<String, Long>> deadLetters() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String tenant : sandbox.pipeline().tenants()) {
            Map<String, Long> byReason = sandbox.pipeline().stats(tenant).deadLetters();
            if (!byReason.isEmpty()) {
                out.put(tenant, byReason);
            }
        }
        return out;
    }

    /** Stops the sandbox and every server with it; a {@linkplain #borrowed() borrowed} view stops nothing. */
    @Override
    public void close() {
        if (owner) {
            sandbox.close();
        }
    }
}
