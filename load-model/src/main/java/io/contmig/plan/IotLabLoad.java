package io.contmig.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Real devices of FIT IoT-LAB as a load source ({@code load.iotlab}): an experiment submitted through the IoT-LAB
 * REST API (or an existing one attached to), whose nodes' serial output reaches contmig through a bridge and is
 * published as the tenant's SiteWhere events ({@code iotlab.publish@<tenant>}). Immutable; validated by the plan.
 *
 * @param tenant       the tenant the devices' events belong to
 * @param site         the IoT-LAB site, e.g. {@code grenoble} (its frontend runs the serial aggregator)
 * @param nodeCount    how many nodes to reserve by alias (archi + site); 0 when {@code nodes} lists them or when
 *                     attaching
 * @param nodes        node ids to reserve by name, e.g. {@code m3-7}; empty when reserving by count or attaching
 * @param archi        the alias reservation's architecture, e.g. {@code m3:at86rf231}
 * @param firmware     the firmware flashed on the nodes: a preset stored by IoT-LAB, e.g. {@code iotlab_m3_tutorial}
 * @param profile      an IoT-LAB monitoring profile associated with the nodes, if any
 * @param experiment   an experiment to attach to instead of submitting one (never stopped by contmig)
 * @param api          the API root; empty = {@code IOTLAB_API_URL} or {@code https://www.iot-lab.info/api/}
 * @param credentials  a file {@code login:base64(password)}; empty = {@code IOTLAB_PASSWORD_FILE} or {@code ~/.iotlabrc}
 * @param startTimeout how long the experiment may take to be Running before the run is refused
 * @param bridge       where the nodes' serial lines come from
 */
public record IotLabLoad(String tenant, String site, int nodeCount, List<String> nodes, String archi, String firmware,
                         Optional<String> profile, Optional<Long> experiment, Optional<String> api,
                         Optional<String> credentials, Duration startTimeout, Bridge bridge) {

    /** The default {@link #archi}: IoT-LAB M3 boards. */
    public static final String DEFAULT_ARCHI = "m3:at86rf231";
    /** The default {@link #firmware}: IoT-LAB's M3 tutorial preset, which prints sensor measures on its serial line. */
    public static final String DEFAULT_FIRMWARE = "iotlab_m3_tutorial";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(5);

    public IotLabLoad {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(site, "site");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(archi, "archi");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(bridge, "bridge");
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodes (" + nodeCount + ") must be >= 1");
        }
        if (experiment.isEmpty() && nodeCount == 0 && nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes: a count or a list of node ids is required to submit an experiment");
        }
    }

    /** How the nodes' serial lines ({@code serial_aggregator}'s {@code <epoch s>;<node>;<line>}) reach contmig. */
    public sealed interface Bridge permits FileBridge, TcpBridge, SshBridge {
        /** {@code file}, {@code tcp} or {@code ssh}. */
        String kind();
    }

    /** A file of aggregator lines (e.g. a run-script's {@code serial_output}), read once to its end: a replay. */
    public record FileBridge(String path) implements Bridge {
        public FileBridge {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String kind() {
            return "file";
        }
    }

    /** A TCP stream of aggregator lines, e.g. an ssh tunnel to a socat wrapper of {@code serial_aggregator}. */
    public record TcpBridge(String host, int port) implements Bridge {
        public TcpBridge {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port (" + port + ") must be 1..65535");
            }
        }

        @Override
        public String kind() {
            return "tcp";
        }
    }

    /** {@code ssh login@host serial_aggregator -i <experiment>} run by contmig (the host is the site's frontend). */
    public record SshBridge(Optional<String> login, String host) implements Bridge {
        public SshBridge {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String kind() {
            return "ssh";
        }
    }
}
