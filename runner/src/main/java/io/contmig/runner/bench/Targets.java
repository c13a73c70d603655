package io.contmig.runner.bench;

import io.contmig.inject.KubernetesPatchRecords;
import io.contmig.inject.kafka.KafkaPartitionReassignment;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.SandboxTarget;
import io.contmig.plan.SiteWhereTarget;
import io.contmig.servers.PidFiles;
import io.contmig.servers.SideEffectJournal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the target a plan names: the embedded sandbox (started here) or a real SiteWhere's endpoints. */
public final class Targets {

    private Targets() {
    }

    /**
     * Opens (and for the sandbox, starts) the plan's target. The caller closes it.
     *
     * @param outputDirectory {@code target/contmig}: the sandbox keeps its servers' data and {@code sandbox.json} there
     */
    public static BenchTarget open(BenchPlan plan, Path outputDirectory, PrintStream console) throws BenchException {
        // Processes of a killed earlier run (MirrorMaker 2 of any target included), wherever it was started from.
        for (String action : PidFiles.cleanEverywhere()) {
            console.println("[contmig] leftover of an earlier run: " + action);
        }
        reconcileJournal(SideEffectJournal.machine(), console);
        if (plan.target() instanceof SiteWhereTarget sw) {
            return new SiteWhereBenchTarget(plan, sw);
        }
        if (plan.target() instanceof SandboxTarget sandbox) {
            return SandboxBenchTarget.start(sandbox, outputDirectory, console);
        }
        throw new BenchException("target: unsupported " + plan.target());
    }

    /**
     * Reconciles what killed runs left in the side-effect journal: their child processes are gone by now (their
     * watchdog, or {@link PidFiles#cleanEverywhere} just above), so their records are closed; a Kubernetes patch is
     * undone (its record holds the restore patch); every other object but a replication throttle (removed here: it
     * slows the whole broker) is named on the console — it is dropped by
     * the next migration of its tenant, which proves it by the journal, and never by a guess.
     */
    static void reconcileJournal(SideEffectJournal journal, PrintStream console) {
        for (SideEffectJournal.Entry e : journal.outstanding()) {
            if (!e.orphaned()) {
                continue;
            }
            if (e.kind().equals(SideEffectJournal.PROCESS)) {
                journal.removed(e);
            } else if (e.kind().equals(SideEffectJournal.KAFKA_THROTTLE)) {
                // A throttle slows every replication of the broker or topic: removed now, not at a later move.
                try {
                    KafkaPartitionReassignment.removeOrphanedThrottle(journal, e, Duration.ofSeconds(10));
                    console.println("[contmig] journal: removed the replication throttle on " + e.name() + " at "
                            + e.where() + " left by " + e.owner() + " in a run that was killed");
                } catch (Exception failure) {
                    console.println("[contmig] journal: cannot remove the replication throttle on " + e.name()
                            + " at " + e.where() + " (left by " + e.owner() + "): " + failure.getMessage()
                            + "; tried again at the next start");
                }
            } else if (e.kind().equals(SideEffectJournal.KUBERNETES_PATCH)) {
                // A patched resource (a tenant engine's datastore, a workload's placement) is put back as it was before
                // the killed run: its move did not finish, so the source stays authoritative.
                try {
                    KubernetesPatchRecords.restoreOrphaned(journal, e, KubernetesPatchRecords::clientOf);
                    console.println("[contmig] journal: restored " + e.name() + " at " + e.where()
                            + " as it was before " + e.owner() + ", a run that was killed");
                } catch (RuntimeException failure) {
                    console.println("[contmig] journal: cannot restore " + e.name() + " at " + e.where()
                            + " (patched by " + e.owner() + "): " + failure.getMessage()
                            + "; tried again at the next start");
                }
            } else {
                console.println("[contmig] journal: " + e.kind() + " '" + e.name() + "' at " + e.where()
                        + " was created by " + e.owner() + " in a run that was killed; the next migration of its"
                        + " tenant removes it");
            }
        }
    }
}
