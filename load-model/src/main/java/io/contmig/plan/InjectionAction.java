package io.contmig.plan;

import io.contmig.options.OptionValues;

/** What an injection does: move one tenant's store between sites, or move its pipeline stage. */
public sealed interface InjectionAction permits PlannedMigration, PlannedPlacement {

    /** {@code migration} or {@code placement}, as in {@code injection-started} marks. */
    String kindLabel();

    /** The injector alias: {@code <store>/<strategy>} or {@code placement/<kind>}. */
    String alias();

    String tenant();

    /** The site the tenant's moved part is on when the injection starts. */
    String from();

    String to();

    /** The injector's options, validated against its specs, every default applied. */
    OptionValues options();
}
