package io.contmig.servers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Prints, for each server on this machine, its cold start time (empty data dir → first real answer, preparation
 * such as initdb or storage format included), the preparation part, and resident memory once ready; then the
 * PostgreSQL {@code select 1} round trip direct and through a 20 ms-each-way {@link DelayProxy}. Servers run one
 * at a time under {@code <base>/<name>} and are stopped before the next starts.
 *
 * <p>Run: {@code mvn -q -B -o -pl servers exec:java -Dexec.mainClass=io.contmig.servers.ServerFigures}
 * (optional argument: base directory, default {@code target/figures}).
 */
public final class ServerFigures {
    private ServerFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/figures").toAbsolutePath();
        Path run = base.resolve("run");
        PidFiles.cleanLeftovers(run);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-22s %10s %12s %12s  %s", "server", "cold start", "preparation",
                "RSS ready", "version / binary"));
        rows.add(measure(new PostgresServer(PostgresServer.Options.defaults("pg", base.resolve("pg")).withRunDir(run)),
                s -> s.version()));
        rows.add(measure(new KafkaServer(KafkaServer.Options.defaults("kafka", base.resolve("kafka")).withRunDir(run)),
                s -> "Kafka 4.3.1, " + s.bootstrapServers()));
        rows.add(measure(new KafkaCluster(KafkaServer.Options.defaults("kafka2", base.resolve("kafka2")).withRunDir(run), 2),
                s -> "2 nodes, " + s.bootstrapServers()));
        rows.add(measure(new InfluxServer(InfluxServer.Options.defaults("influx", base.resolve("influx")).withRunDir(run)),
                s -> "InfluxDB " + s.version() + ", " + s.influxd()));
        rows.add(measure(new MosquittoServer(MosquittoServer.Options.defaults("mqtt", base.resolve("mqtt")).withRunDir(run)),
                s -> s.binary().toString()));
        rows.forEach(System.out::println);
        System.out.println(proxyFigures(base, run));
    }

    private static <S extends ManagedServer> String measure(S server, Function<S, String> describe) {
        try (server) {
            server.start();
            Duration prep = server instanceof ProcessServer p ? p.preparationTime() : Duration.ZERO;
            return String.format(Locale.ROOT, "%-22s %8d ms %9d ms %12s  %s", server.name(),
                    server.startupTime().toMillis(), prep.toMillis(),
                    ProcessMemory.mebibytes(server.residentBytes()), describe.apply(server));
        }
    }

    private static String proxyFigures(Path base, Path run) throws Exception {
        try (PostgresServer pg = new PostgresServer(PostgresServer.Options.defaults("pg-proxy", base.resolve("pg-proxy"))
                .withRunDir(run))) {
            pg.start();
            double direct = medianSelectMillis(pg, pg.port());
            try (DelayProxy proxy = DelayProxy.start(pg.port(), Duration.ofMillis(20))) {
                double delayed = medianSelectMillis(pg, proxy.port());
                return String.format(Locale.ROOT, "PostgreSQL select 1 (median of 51): direct %.2f ms, through "
                        + "DelayProxy 20 ms each way %.2f ms", direct, delayed);
            }
        }
    }

    private static double medianSelectMillis(PostgresServer pg, int port) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password()); Statement s = c.createStatement()) {
            double[] millis = new double[51];
            s.execute("select 1");
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            java.util.Arrays.sort(millis);
            return millis[millis.length / 2];
        }
    }
}
