package io.contmig.inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionValues;
import io.contmig.record.MarkKind;
import io.contmig.record.Timeline;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.TenantRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs one injection from start to heal and records it: an {@code injection-started} mark (with
 * {@code injectionKind}, {@code store}/{@code strategy} or the placement's kind, {@code tenant}, {@code from},
 * {@code to}), {@link Injector#prepare}, {@link Injector#inject} (whose phases the injector marks), for a
 * {@link Migration} its verifier → {@code verification/<name>.json} (its duration in {@code details.verifyMs}: the
 * verification runs inside the injection's last phase, so reports can tell its share; how long the tenant's writes
 * were held in {@code details.writeBlockMs}, measured on every write block the injector took through its context's
 * routing, see {@link WriteBlockTimer}, also when the injection failed; a migration whose scenario asked to drop its
 * source does so only now, when the verification proves the move complete, see {@link Migration#dropSource}), then
 * {@code injection-finished} or
 * {@code injection-failed} with a reason, and always {@link Injector#heal} → {@code heal-finished} (a heal or a
 * verification that cannot reach a server is retried for up to a minute: the server a fault took down may be
 * restarting).
 *
 * <p>Writes facts only, never a verdict: each file is written once (append-only record) and the reports module
 * decides PASS / FAIL / UNKNOWN from the marks, the verification files and {@code verification/cross-store.json}.
 *
 * <p>Never throws for a failed injection, verifier or heal: those are results in the returned
 * {@link InjectionOutcome} and on the timeline. Only a timeline or run directory that cannot be written throws
 * ({@link UncheckedIOException}). Reasons are scrubbed of every password the routing knows. One runner may run
 * several injections one after the other; it is not meant to run two at once from different threads (the runs
 * would work but their work directories must differ by name, which the plan guarantees).
 */
public final class InjectionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(InjectionRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern PHASE = Pattern.compile("^[a-z][a-z0-9-]{0,40}$");
    /** How long a heal that cannot reach a server is retried (see {@link #heal(Injector, Context)}). */
    private static final Duration HEAL_RETRY = Duration.ofSeconds(60);
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password\\s*[=:]\\s*)[^\\s&;,'\"]+");

    private final TenantRouting routing;
    private final Timeline timeline;
    private final Path runDir;
    private final InjectorFactories factories;

    /** A runner writing marks to {@code timeline} and files under {@code runDir}, using the installed factories. */
    public InjectionRunner(TenantRouting routing, Timeline timeline, Path runDir) {
        this(routing, timeline, runDir, InjectorFactories.installed());
    }

    public InjectionRunner(TenantRouting routing, Timeline timeline, Path runDir, InjectorFactories factories) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.runDir = Objects.requireNonNull(runDir, "runDir");
        this.factories = Objects.requireNonNull(factories, "factories");
    }

    /**
     * Runs an injection with the installed factory of {@code spec.alias()} and the plan's validated
     * {@code options}. An unknown alias or options the factory refuses make a failed injection (marked, not
     * thrown), so that a run records what it could not do.
     */
    public InjectionOutcome run(InjectionSpec spec, OptionValues options) {
        Injector injector;
        try {
            injector = factories.require(spec.alias()).create(spec, options);
        } catch (RuntimeException e) {
            boolean migration = InjectorDescription.kindOf(spec.aliasGroup()).equals(InjectorDescription.MIGRATION);
            timeline.mark(MarkKind.INJECTION_STARTED, spec.name(), startedAttributes(spec, migration));
            String reason = scrub(describe(e));
            timeline.mark(MarkKind.INJECTION_FAILED, spec.name(), Map.of("injection", spec.name(), "reason", reason));
            timeline.mark(MarkKind.HEAL_FINISHED, spec.name(), Map.of("injection", spec.name(), "ok", true));
            return new InjectionOutcome(spec.name(), false, Optional.of(reason), Optional.empty(), Optional.empty());
        }
        return run(spec, injector);
    }

    /** Runs {@code injector} for {@code spec}: prepare, inject, verify, heal, with their marks and files. */
    public InjectionOutcome run(InjectionSpec spec, Injector injector) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(injector, "injector");
        String name = spec.name();
        boolean migration = injector instanceof Migration;
        timeline.mark(MarkKind.INJECTION_STARTED, name, startedAttributes(spec, migration));

        Context ctx = new Context(spec, workDir(name));
        Optional<String> failure = Optional.empty();
        Optional<VerificationResult> verification = Optional.empty();
        boolean interrupted = false;
        try {
            injector.prepare(ctx);
            injector.inject(ctx);
            if (injector instanceof Migration m) {
                verification = Optional.of(dropSourceIfVerified(m, ctx, verify(m, ctx)));
            }
        } catch (Exception e) {
            interrupted = e instanceof InterruptedException;
            failure = Optional.of(scrub(describe(e)));
            LOG.warn("injection {} failed: {}", name, failure.get());
        }
        if (failure.isEmpty()) {
            verification = verification.map(v -> withWriteBlockFacts(v, ctx.blocks));
            verification.ifPresent(v -> writeVerification(name, v));
            timeline.mark(MarkKind.INJECTION_FINISHED, name, Map.of("injection", name));
        } else {
            if (migration) {
                verification = Optional.of(withWriteBlockFacts(
                        VerificationResult.undecided("injection failed: " + failure.get()), ctx.blocks));
                writeVerification(name, verification.get());
            }
            timeline.mark(MarkKind.INJECTION_FAILED, name, Map.of("injection", name, "reason", failure.get()));
        }

        // Heal runs with the interrupt flag cleared, so that an interrupted injection still releases what it holds.
        interrupted |= Thread.interrupted();
        Optional<String> healFailure = heal(injector, ctx);
        Map<String, Object> healed = new LinkedHashMap<>();
        healed.put("injection", name);
        healed.put("ok", healFailure.isEmpty());
        healFailure.ifPresent(reason -> healed.put("reason", reason));
        timeline.mark(MarkKind.HEAL_FINISHED, name, healed);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new InjectionOutcome(name, failure.isEmpty(), failure, verification, healFailure);
    }

    /**
     * Runs {@link Injector#heal}; while it fails because a server cannot be reached (a crashed server restarting,
     * a partition not yet healed: what made the injection fail in the first place), runs it again, for up to
     * {@link #HEAL_RETRY} — heal is idempotent by contract. Any other failure is final at once. Returns the failure.
     */
    private Optional<String> heal(Injector injector, Context ctx) {
        try {
            whileUnreachable("heal of injection " + ctx.spec().name(), () -> {
                injector.heal(ctx);
                return null;
            });
            return Optional.empty();
        } catch (Retried e) {
            LOG.error("heal of injection {} failed: {}", ctx.spec().name(), e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /** The last failure of {@link #whileUnreachable}, its message saying how often it was tried. */
    private static final class Retried extends Exception {
        Retried(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code step}; while it fails because a server cannot be reached ({@link #unreachable}), runs it again
     * every second for up to {@link #HEAL_RETRY}, then throws its last failure as {@link Retried} (scrubbed, with the
     * number of attempts). Any other failure is thrown at once. Only for idempotent steps (heal, read-only checks).
     */
    private <T> T whileUnreachable(String what, java.util.concurrent.Callable<T> step) throws Retried {
        long deadline = System.nanoTime() + HEAL_RETRY.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return step.call();
            } catch (Exception e) {
                String reason = scrub(describe(e));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new Retried(reason + " (interrupted)", e);
                }
                if (!unreachable(e) || System.nanoTime() > deadline) {
                    throw new Retried(attempt == 1 ? reason : reason + " (after " + attempt + " attempts in "
                            + HEAL_RETRY.toSeconds() + " s)", e);
                }
                LOG.warn("{} cannot reach a server yet (attempt {}), retrying: {}", what, attempt, reason);
                try {
                    Thread.sleep(1000); // back-off while the server restarts; there is no event to await
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Retried(reason + " (interrupted while retrying)", e);
                }
            }
        }
    }

    /** Whether {@code e} says a server could not be reached (connection refused or reset, a timeout, SQLSTATE 08/57P). */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof EOFException
                    || t instanceof HttpConnectTimeoutException || t.getClass().getSimpleName().equals("TimeoutException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code v} with the injection's write-block facts ({@link WriteBlockTimer#facts}) added to its details. */
    private static VerificationResult withWriteBlockFacts(VerificationResult v, WriteBlockTimer blocks) {
        VerificationResult result = v;
        for (Map.Entry<String, Object> fact : blocks.facts().entrySet()) {
            result = result.withDetail(fact.getKey(), fact.getValue());
        }
        return result;
    }

    /**
     * Drops the source when the scenario asked for it and {@code verified} proves the move complete; records what
     * happened as {@code details.sourceDrop} ({@code dropped}, {@code kept: ...} or {@code failed: ...}).
     */
    private VerificationResult dropSourceIfVerified(Migration migration, InjectionContext ctx,
                                                    VerificationResult verified) {
        if (!migration.dropsSource()) {
            return verified;
        }
        if (!verified.complete()) {
            LOG.warn("injection {}: source kept although dropSource was asked: the move is not verified complete",
                    ctx.spec().name());
            return verified.withDetail("sourceDrop", "kept: the move is not verified complete");
        }
        try {
            migration.dropSource(ctx);
            return verified.withDetail("sourceDrop", "dropped");
        } catch (Exception e) {
            String reason = scrub(describe(e));
            LOG.warn("injection {}: dropping the source failed: {}", ctx.spec().name(), reason);
            return verified.withDetail("sourceDrop", "failed: " + reason);
        }
    }

    /**
     * Runs the migration's verifier. A verifier only reads, so while it cannot reach a store (a fault that overlaps
     * the move may have a server down or a link cut until its heal) it is run again, as a heal is
     * ({@link #whileUnreachable}); what it still cannot check is UNKNOWN with the reason.
     */
    private VerificationResult verify(Migration migration, InjectionContext ctx) {
        long start = System.nanoTime();
        try {
            VerificationResult result = whileUnreachable("verification of injection " + ctx.spec().name(),
                    () -> Objects.requireNonNull(migration.verifier().verify(ctx), "verifier returned null"));
            return result.withDetail("verifyMs", (System.nanoTime() - start) / 1_000_000);
        } catch (Retried e) {
            return VerificationResult.undecided("verifier could not run: " + e.getMessage());
        }
    }

    private static Map<String, Object> startedAttributes(InjectionSpec spec, boolean migration) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("injection", spec.name());
        a.put("injectionKind", migration ? "migration" : "placement");
        if (migration) {
            a.put("store", spec.aliasGroup());
        }
        // For a placement the mechanism is its kind (kubernetes, sandbox-site): reported as its strategy.
        a.put("strategy", spec.aliasMechanism());
        a.put("tenant", spec.tenant());
        a.put("from", spec.from());
        a.put("to", spec.to());
        return a;
    }

    private Path workDir(String name) {
        Path dir = runDir.resolve("work").resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeVerification(String name, VerificationResult v) {
        Path file = runDir.resolve("verification").resolve(name + ".json");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checked", v.checked());
        json.put("what", v.what());
        json.put("lost", v.lost());
        json.put("duplicated", v.duplicated());
        json.put("mismatches", v.mismatches().stream().map(this::scrub).toList());
        if (v.isUndecided()) {
            json.put("undecided", scrub(v.undecided()));
        }
        json.put("details", v.details());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, scrub(JSON.writeValueAsString(json)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The exception's message (its class when it has none), followed by the causes' messages that add something. */
    static String describe(Throwable e) {
        StringBuilder reason = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !reason.toString().contains(message.strip())) {
                reason.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ").append(message.strip());
            }
        }
        return reason.toString();
    }

    /** Removes every password the routing knows, and {@code password=...} parameters, from {@code text}. */
    String scrub(String text) {
        String result = PASSWORD_PARAM.matcher(text).replaceAll("$1***");
        for (String secret : secrets()) {
            result = result.replace(secret, "***");
        }
        return result;
    }

    private List<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        try {
            for (String site : routing.sites()) {
                for (String from : routing.sites()) {
                    SiteEndpoints e = routing.endpoints(site, from);
                    if (e.postgresPassword().length() >= 3) { // a one-letter password would scrub every such letter
                        secrets.add(e.postgresPassword());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list endpoints to scrub passwords: {}", e.getMessage());
        }
        return List.copyOf(secrets);
    }

    /** The context handed to one injector. */
    private final class Context implements InjectionContext {
        private final InjectionSpec spec;
        private final Path workDir;
        /** The routing the injector sees: times every write block it takes (facts of its verification file). */
        private final WriteBlockTimer blocks = new WriteBlockTimer(routing, System::nanoTime);

        Context(InjectionSpec spec, Path workDir) {
            this.spec = spec;
            this.workDir = workDir;
        }

        @Override
        public InjectionSpec spec() {
            return spec;
        }

        @Override
        public TenantRouting routing() {
            return blocks;
        }

        @Override
        public Timeline timeline() {
            return timeline;
        }

        @Override
        public void phase(String phase) {
            if (phase == null || !PHASE.matcher(phase).matches()) {
                throw new IllegalArgumentException("phase '" + phase + "' must match " + PHASE.pattern());
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("injection", spec.name());
            attributes.put("phase", phase);
            timeline.mark(MarkKind.INJECTION_PHASE, spec.name(), attributes);
        }

        @Override
        public Path workDir() {
            return workDir;
        }
    }
}
