package io.contmig.plan;

import java.util.List;

/** What the run drives: the embedded sandbox or a real SiteWhere installation. */
public sealed interface TargetPlan permits SandboxTarget, SiteWhereTarget {

    /** {@code sandbox} or {@code sitewhere}, as written in scenarios. */
    String label();

    /** The names of the sites tenants can live on, in a stable order. */
    List<String> sites();
}
