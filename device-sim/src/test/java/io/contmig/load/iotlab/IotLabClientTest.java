package io.contmig.load.iotlab;

import io.contmig.testkit.IotLabReplayServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IoT-LAB client against the replay server (recorded response shapes, not the live API). */
class IotLabClientTest {

    private static IotLabClient client(IotLabReplayServer server, String password) {
        return new IotLabClient(server.base(), "alice", password.toCharArray(), Duration.ofSeconds(5));
    }

    @Test
    void acceptedCredentialsAndARefusedLogin() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "s3cret", List.of("Running"))) {
            client(server, "s3cret").checkCredentials();
            assertThatThrownBy(() -> client(server, "wrong").checkCredentials())
                    .isInstanceOf(IotLabException.Auth.class)
                    .hasMessage("IoT-LAB rejected login 'alice' (401) at " + server.base() + "/: Unauthorized");
        }
    }

    @Test
    void submitsAnAliasExperimentAsIotlabcliDoes() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Waiting"))) {
            long id = client(server, "pw").submit(ExperimentSpec.alias("contmig-bench", 20, 3, "m3:at86rf231",
                    "grenoble", "iotlab_m3_tutorial"));
            assertThat(id).isEqualTo(IotLabReplayServer.EXPERIMENT);
            assertThat(server.partNames).containsExactly("new_exp.json");
            String part = server.parts.get(0);
            JsonNode json = new ObjectMapper().readTree(part.substring(part.indexOf('{'), part.lastIndexOf('}') + 1));
            assertThat(json.path("type").asText()).isEqualTo("alias");
            assertThat(json.path("duration").asInt()).isEqualTo(20);
            assertThat(json.path("nodes").get(0).path("nbnodes").asInt()).isEqualTo(3);
            assertThat(json.path("nodes").get(0).path("properties").path("archi").asText()).isEqualTo("m3:at86rf231");
            assertThat(json.path("firmwareassociations").get(0).path("firmwarename").asText())
                    .isEqualTo("iotlab_m3_tutorial");
            assertThat(server.requests).containsExactly("POST experiments");
        }
    }

    @Test
    void physicalNodesWithAPresetAndAMonitoringProfile() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Waiting"))) {
            client(server, "pw").submit(ExperimentSpec.physical("x", 10, List.of("m3-7.grenoble.iot-lab.info"),
                    "iotlab_m3_tutorial").withProfile("power_only"));
            assertThat(server.partNames).as("a preset is named, not uploaded").containsExactly("new_exp.json");
            String part = server.parts.get(0);
            JsonNode json = new ObjectMapper().readTree(part.substring(part.indexOf('{'), part.lastIndexOf('}') + 1));
            assertThat(json.path("profileassociations").get(0).path("profilename").asText()).isEqualTo("power_only");
            assertThat(json.path("profileassociations").get(0).path("nodes").get(0).asText())
                    .isEqualTo("m3-7.grenoble.iot-lab.info");
            assertThat(json.path("firmwareassociations").get(0).path("firmwarename").asText())
                    .isEqualTo("iotlab_m3_tutorial");
        }
    }

    @Test
    void uploadsAFirmwareFileAsItsOwnPart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path firmware = Files.write(dir.resolve("sensors.elf"), new byte[] {0x7f, 'E', 'L', 'F'});
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Waiting"))) {
            client(server, "pw").submit(ExperimentSpec.physical("x", 10,
                    List.of("m3-1.grenoble.iot-lab.info", "m3-2.grenoble.iot-lab.info"), firmware));
            assertThat(server.partNames).containsExactly("new_exp.json", "sensors.elf");
            assertThat(server.parts.get(0)).contains("\"type\":\"physical\"").contains("m3-2.grenoble.iot-lab.info");
        }
    }

    @Test
    void waitsThroughWaitingAndLaunchingUntilRunning() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Waiting", "Launching", "Running"))) {
            ExperimentInfo info = client(server, "pw").awaitRunning(IotLabReplayServer.EXPERIMENT,
                    Duration.ofSeconds(5), Duration.ofMillis(10));
            assertThat(info.state()).isEqualTo("Running");
            assertThat(info.nodes()).isEqualTo(3); // "nb_nodes":"3" — a number written as a string
            assertThat(server.requests).hasSize(3);
            assertThat(server.everyRequestAuthenticated).isTrue();
        }
    }

    @Test
    void anExperimentThatIsNotRunningIsAClearError() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Waiting", "Error"))) {
            IotLabClient client = client(server, "pw");
            assertThatThrownBy(() -> client.requireRunning(IotLabReplayServer.EXPERIMENT))
                    .isInstanceOf(IotLabException.State.class)
                    .hasMessage("experiment 100000 is Waiting; expected Running");
            assertThatThrownBy(() -> client.awaitRunning(IotLabReplayServer.EXPERIMENT, Duration.ofSeconds(5),
                    Duration.ofMillis(10)))
                    .isInstanceOf(IotLabException.State.class)
                    .hasMessage("experiment 100000 is Error and will not run; expected Running");
        }
    }

    @Test
    void listsNodesWithTheirShortIdsAndStopsIdempotently() throws Exception {
        try (IotLabReplayServer server = new IotLabReplayServer("alice", "pw", List.of("Running"))) {
            IotLabClient client = client(server, "pw");
            List<IotLabNode> nodes = client.experimentNodes(IotLabReplayServer.EXPERIMENT);
            assertThat(nodes).extracting(IotLabNode::shortId).containsExactly("m3-7", "m3-8", "m3-9");
            assertThat(nodes.get(2).state()).isEqualTo("Busy");
            assertThat(client.stop(IotLabReplayServer.EXPERIMENT)).isEqualTo("Delete request registered");
            assertThat(client.stop(IotLabReplayServer.EXPERIMENT)).isEqualTo("already stopped");
            assertThatThrownBy(() -> client.experiment(42))
                    .isInstanceOf(IotLabException.class)
                    .hasMessageContaining("GET " + server.base() + "/experiments/42 answered HTTP 404: Experiment not found");
        }
    }
}
