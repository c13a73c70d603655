package io.contmig.servers;

import java.nio.file.Path;

/**
 * Test helper run in a child JVM by {@link LeftoverCleanupIT}: starts a Mosquitto broker with the given data and
 * run dirs, prints {@code READY <pid>}, then blocks until killed (which is the point: its broker is left behind).
 */
public final class LeftoverLauncherMain {
    private LeftoverLauncherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MosquittoServer server = new MosquittoServer(MosquittoServer.Options.defaults("orphan", Path.of(args[0]))
                .withRunDir(Path.of(args[1])));
        server.start();
        System.out.println("READY " + server.pid());
        System.out.flush();
        Thread.currentThread().join(); // until kill -9
    }
}
