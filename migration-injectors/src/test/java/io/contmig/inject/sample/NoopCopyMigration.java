package io.contmig.inject.sample;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test-only {@code sample/noop-copy} migration: "copies" {@code items} files into its work directory
 * ({@code copy}), then blocks the tenant's writes to the {@code sample} store, switches that store to the target
 * site and unblocks ({@code cutover}). Its verifier counts the copied files and checks the routing. Needs no
 * server, so it runs on any target whose routing accepts a store it does not know. One instance per injection.
 */
final class NoopCopyMigration implements Migration {

    static final Store SAMPLE = Store.of(NoopCopyFactory.STORE);
    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);

    private final InjectionSpec spec;
    private final int items;
    private TenantRouting.WriteBlock block;

    NoopCopyMigration(InjectionSpec spec, int items) {
        this.spec = spec;
        this.items = items;
    }

    @Override
    public void prepare(InjectionContext ctx) {
        String now = ctx.routing().siteOf(spec.tenant(), SAMPLE);
        if (!spec.from().equals(now)) {
            throw new IllegalStateException("tenant " + spec.tenant() + "'s sample store is on '" + now + "', not '"
                    + spec.from() + "'");
        }
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        ctx.phase("copy");
        for (int i = 0; i < items; i++) {
            Files.writeString(copyDir(ctx).resolve("item-" + i), spec.tenant() + " " + i);
        }
        ctx.phase("cutover");
        block = ctx.routing().blockWrites(spec.tenant(), SAMPLE, MAX_BLOCK);
        ctx.routing().switchSite(spec.tenant(), SAMPLE, spec.to());
        heal(ctx);
    }

    @Override
    public Verifier verifier() {
        return ctx -> {
            long copied;
            try (Stream<Path> files = Files.list(copyDir(ctx))) {
                copied = files.count();
            }
            boolean switched = spec.to().equals(ctx.routing().siteOf(spec.tenant(), SAMPLE));
            long lost = Math.max(0, items - copied);
            List<String> mismatches = switched ? List.of() : List.of("sample store not switched to " + spec.to());
            return VerificationResult.compared("sample items copied to " + spec.to(), copied, lost, 0, mismatches,
                    Map.of("items", items));
        };
    }

    @Override
    public void heal(InjectionContext ctx) {
        if (block != null) {
            block.close();
        }
    }

    private static Path copyDir(InjectionContext ctx) throws IOException {
        return Files.createDirectories(ctx.workDir().resolve("copy"));
    }
}
