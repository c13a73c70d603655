package io.contmig.servers;

import java.nio.file.Path;

/** Per-test-class directories under the module's {@code target/}, unique per JVM so concurrent builds do not clash. */
final class TestDirs {
    private TestDirs() {
    }

    /** {@code target/it-servers/<jvm pid>/<name>}. */
    static Path dataDir(String name) {
        return base().resolve(name);
    }

    /** The shared run-state (pid file) directory of this test JVM. */
    static Path runDir() {
        return base().resolve("run");
    }

    private static Path base() {
        return Path.of("target", "it-servers", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
    }
}
