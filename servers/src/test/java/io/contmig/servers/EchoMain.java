package io.contmig.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper for {@link ChildJvmServerIT}: an {@link EchoServer} in its own JVM that writes its port to a file. */
public final class EchoMain {
    private EchoMain() {
    }

    public static void main(String[] args) throws Exception {
        try (EchoServer echo = new EchoServer()) {
            // Log first: the port file is what the readiness probe waits for.
            System.out.println("echo listening on " + echo.port());
            System.out.flush();
            Path portFile = Path.of(args[0]);
            Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), Integer.toString(echo.port()));
            Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile);
            Thread.currentThread().join(); // until SIGTERM
        }
    }
}
