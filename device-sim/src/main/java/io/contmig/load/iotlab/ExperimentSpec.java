package io.contmig.load.iotlab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment to submit (IoT-LAB's {@code new_exp.json}): alias nodes (count, archi, site) or physical hosts,
 * with a firmware — a preset name stored by IoT-LAB or a local file uploaded as its own multipart part.
 *
 * @param name            experiment name
 * @param durationMinutes duration in minutes (IoT-LAB's unit), ≥ 1
 * @param alias           true: {@code nodes} is one alias "count,archi,site"; false: physical host names
 * @param aliasCount      alias node count (alias only)
 * @param archi           alias archi, e.g. {@code m3:at86rf231} (alias only)
 * @param site            alias site, e.g. {@code grenoble} (alias only)
 * @param hosts           physical host names, e.g. {@code m3-1.grenoble.iot-lab.info} (physical only)
 * @param firmwareName    the firmware name in the associations (a preset name, or the file's name)
 * @param firmwareFile    a local firmware file to upload, if any
 * @param profile         a monitoring profile stored by IoT-LAB, associated with every node, if any
 */
public record ExperimentSpec(String name, int durationMinutes, boolean alias, int aliasCount, String archi, String site,
                             List<String> hosts, String firmwareName, Optional<Path> firmwareFile,
                             Optional<String> profile) {

    public ExperimentSpec {
        Objects.requireNonNull(name, "name");
        if (durationMinutes < 1) {
            throw new IllegalArgumentException("durationMinutes (" + durationMinutes + ") must be >= 1");
        }
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(firmwareName, "firmwareName");
        Objects.requireNonNull(firmwareFile, "firmwareFile");
        Objects.requireNonNull(profile, "profile");
        if (alias && (aliasCount < 1 || archi == null || site == null)) {
            throw new IllegalArgumentException("alias experiment needs aliasCount >= 1 (" + aliasCount
                    + "), archi (" + archi + ") and site (" + site + ")");
        }
        if (!alias && hosts.isEmpty()) {
            throw new IllegalArgumentException("physical experiment needs at least one host");
        }
    }

    /** {@code count} nodes of {@code archi} at {@code site}, running the stored firmware {@code preset}. */
    public static ExperimentSpec alias(String name, int durationMinutes, int count, String archi, String site,
                                       String preset) {
        return new ExperimentSpec(name, durationMinutes, true, count, archi, site, List.of(), preset, Optional.empty(),
                Optional.empty());
    }

    /** These hosts, running the stored firmware {@code preset}. */
    public static ExperimentSpec physical(String name, int durationMinutes, List<String> hosts, String preset) {
        return new ExperimentSpec(name, durationMinutes, false, 0, null, null, hosts, preset, Optional.empty(),
                Optional.empty());
    }

    /** This spec with the monitoring profile {@code name} on every node. */
    public ExperimentSpec withProfile(String name) {
        return new ExperimentSpec(this.name, durationMinutes, alias, aliasCount, archi, site, hosts, firmwareName,
                firmwareFile, Optional.of(name));
    }

    /** These hosts, flashed with the local file {@code firmware} (uploaded). */
    public static ExperimentSpec physical(String name, int durationMinutes, List<String> hosts, Path firmware) {
        return new ExperimentSpec(name, durationMinutes, false, 0, null, null, hosts,
                firmware.getFileName().toString(), Optional.of(firmware), Optional.empty());
    }

    /** The JSON part, in the shape of {@code iotlabcli}'s submissions. */
    ObjectNode toJson() {
        ObjectNode json = IotLabClient.JSON.createObjectNode();
        json.put("name", name);
        json.put("duration", durationMinutes);
        json.putNull("reservation");
        json.put("type", alias ? "alias" : "physical");
        ArrayNode nodes = json.putArray("nodes");
        ArrayNode association = IotLabClient.JSON.createArrayNode();
        if (alias) {
            ObjectNode a = nodes.addObject();
            a.put("alias", "1");
            a.put("nbnodes", aliasCount);
            ObjectNode props = a.putObject("properties");
            props.put("archi", archi);
            props.put("site", site);
            props.put("mobile", false);
            association.add("1");
        } else {
            hosts.forEach(nodes::add);
            hosts.forEach(association::add);
        }
        ObjectNode fw = json.putArray("firmwareassociations").addObject();
        fw.put("firmwarename", firmwareName);
        fw.set("nodes", association);
        if (profile.isPresent()) {
            ObjectNode p = json.putArray("profileassociations").addObject();
            p.put("profilename", profile.get());
            p.set("nodes", association.deepCopy());
        } else {
            json.putNull("profileassociations");
        }
        return json;
    }
}
