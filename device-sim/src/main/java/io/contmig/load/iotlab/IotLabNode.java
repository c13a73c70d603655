package io.contmig.load.iotlab;

/**
 * A node of an experiment ({@code GET experiments/{id}/nodes}).
 *
 * @param networkAddress e.g. {@code m3-7.grenoble.iot-lab.info}
 * @param site           e.g. {@code grenoble}
 * @param archi          e.g. {@code m3:at86rf231}
 * @param state          Alive, Busy, Suspected, Dead, Absent
 */
public record IotLabNode(String networkAddress, String site, String archi, String state) {

    /** The short node id the serial aggregator prints, e.g. {@code m3-7}. */
    public String shortId() {
        int dot = networkAddress.indexOf('.');
        return dot < 0 ? networkAddress : networkAddress.substring(0, dot);
    }
}
