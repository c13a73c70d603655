package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.InfluxServer;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the RPC (backup/restore) address of an InfluxDB 1.x server, which its HTTP URL does not give: either the
 * value of an option ({@code host:port}) or, with {@code auto}, the address the route's endpoints carry under
 * {@link #STORE} (the sandbox's cross-site routes name the WAN proxy there, a real site's
 * {@code addresses.influxrpc}), else the top-level {@code bind-address} of the configuration file named in the
 * server's own {@code /debug/vars} command line (works for servers on this machine started with
 * {@code -config <file>}; such an address bypasses any WAN proxy). Stateless.
 */
final class InfluxRpcAddress {

    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9.\\-]+:\\d{1,5}$");
    private static final Pattern BIND = Pattern.compile("^bind-address\\s*=\\s*\"([^\"]*)\"\\s*$");

    /** The address label of the RPC service in a site's endpoints. */
    static final Store STORE = Store.of(InfluxServer.RPC_ADDRESS_LABEL);

    private InfluxRpcAddress() {
    }

    /**
     * {@code option} when it is {@code host:port}; with {@code auto}, the route's own RPC address, else the one found
     * on the server.
     */
    static String resolve(String option, String optionName, SiteEndpoints route, Duration timeout) throws IOException {
        if (!option.equals("auto")) {
            if (!HOST_PORT.matcher(option).matches()) {
                throw new IllegalArgumentException(optionName + " ('" + option + "') must be host:port or auto");
            }
            return option;
        }
        var routed = route.address(STORE);
        if (routed.isPresent()) {
            return routed.get();
        }
        JsonNode cmdline = InfluxClient.of(route, timeout).debugVars().path("cmdline");
        Path config = null;
        for (int i = 0; i + 1 < cmdline.size(); i++) {
            if (cmdline.get(i).asText().equals("-config")) {
                config = Path.of(cmdline.get(i + 1).asText());
            }
        }
        // A relative path is relative to the server's working directory, which for a server this JVM started is ours.
        if (config == null || !Files.isReadable(config.toAbsolutePath())) {
            throw new IOException("cannot find the RPC address of " + route.influxUrl() + " (its command line names no readable"
                    + " -config file: " + cmdline + "); set option " + optionName + " to host:port");
        }
        // The RPC bind-address is the only one before the first [section].
        for (String line : Files.readAllLines(config.toAbsolutePath(), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                break;
            }
            Matcher m = BIND.matcher(l);
            if (m.matches()) {
                String address = m.group(1);
                return address.startsWith(":") ? "127.0.0.1" + address : address;
            }
        }
        return "127.0.0.1:8088"; // influxd's built-in default when the file does not set it
    }
}
