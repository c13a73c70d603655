package io.contmig.sandbox;

import io.contmig.servers.MosquittoServer;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Test fixture run in a child JVM: starts a Mosquitto with its pid file in {@code args[0]} (a sandbox run dir),
 * prints {@code PID <pid>} and waits to be killed — the parent kills this JVM with SIGKILL, leaving the broker
 * behind as a killed run would.
 */
public final class LeftoverServer {

    private LeftoverServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path runDir = Path.of(args[0]);
        MosquittoServer server = new MosquittoServer(MosquittoServer.Options
                .defaults("mosquitto-cloud", runDir.resolveSibling("cloud").resolve("mosquitto")).withRunDir(runDir));
        server.start();
        System.out.println("PID " + server.pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
