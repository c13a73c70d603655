package io.contmig.load.iotlab;

import java.util.List;
import java.util.Locale;

/**
 * What a serial bridge run did: line counts by kind, forwarding counts, and the first malformed lines (with line
 * numbers) for the report. Bad lines are results, not errors.
 *
 * @param source        the source's description
 * @param replay        true when lines came from a recorded file (label results "replay", never live)
 * @param lines         lines read
 * @param data          device lines
 * @param control       aggregator messages
 * @param malformed     lines not in the aggregator's format
 * @param ignored       device lines without a reading (help text, prompts, broken JSON)
 * @param unknownNodes  device lines from nodes with no device token
 * @param published     events handed to MQTT
 * @param acknowledged  events the broker acknowledged
 * @param failed        events that could not be published or were not acknowledged
 * @param examples      up to 10 malformed lines as {@code line <n>: <reason>: <text>}
 * @param sourceFailure a command source's exit status and stderr tail, or ""
 */
public record BridgeReport(String source, boolean replay, long lines, long data, long control, long malformed,
                           long ignored, long unknownNodes, long published, long acknowledged, long failed,
                           List<String> examples, String sourceFailure) {

    public BridgeReport {
        examples = List.copyOf(examples);
    }

    public String describe() {
        return String.format(Locale.ROOT, "IoT-LAB bridge (%s%s): %d lines: %d device, %d control, %d malformed, "
                        + "%d without reading, %d from unknown nodes; %d published, %d acknowledged, %d failed%s",
                source, replay ? ", REPLAY" : "", lines, data, control, malformed, ignored, unknownNodes, published,
                acknowledged, failed, sourceFailure.isEmpty() ? "" : "; source failed: " + sourceFailure);
    }
}
