package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The delay proxy on real sockets: its assertions measure wall-clock delays, so it runs with the ITs. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DelayProxyIT {
    private EchoServer echo;
    private DelayProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = DelayProxy.start(echo.port(), Duration.ofMillis(20));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void roundTripTakesBothOneWayDelaysAndAdjustsWhileRunning() throws IOException {
        try (Socket s = connect()) {
            // The fastest round trip: never below the configured delays and close to them; slower ones carry the
            // scheduling noise of a busy machine.
            // Upper bounds are generous (a busy shared machine delays thread wake-ups) but each stays below the
            // next setting's floor, so every change is seen to take effect.
            assertThat(fastestRoundTripMillis(s, 25)).isBetween(40.0, 70.0);
            proxy.setDelays(Duration.ofMillis(5));
            assertThat(fastestRoundTripMillis(s, 25)).isBetween(10.0, 29.5);
            proxy.setDelay(DelayProxy.Direction.CLIENT_TO_TARGET, Duration.ofMillis(30));
            proxy.setDelay(DelayProxy.Direction.TARGET_TO_CLIENT, Duration.ZERO);
            assertThat(fastestRoundTripMillis(s, 25)).isBetween(30.0, 60.0);
        }
    }

    @Test
    void keepsOrderWhenTheDelayDrops() throws Exception {
        proxy.setDelays(Duration.ofMillis(50));
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 2000; i++) {
                out.writeInt(i);
                out.flush();
                if (i == 1000) {
                    proxy.setDelays(Duration.ZERO);
                }
            }
            for (int i = 0; i < 2000; i++) {
                assertThat(in.readInt()).isEqualTo(i);
            }
        }
        assertThat(proxy.bytes(DelayProxy.Direction.CLIENT_TO_TARGET)).isEqualTo(8000);
        assertThat(proxy.bytes(DelayProxy.Direction.TARGET_TO_CLIENT)).isEqualTo(8000);
    }

    @Test
    void pauseHoldsTrafficUntilResume() throws IOException {
        proxy.setDelays(Duration.ZERO);
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            proxy.pause();
            s.getOutputStream().write(42);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            long resumedAt = System.nanoTime();
            proxy.resume();
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(42);
            assertThat(System.nanoTime() - resumedAt).isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));
        }
    }

    @Test
    void bandwidthCapStretchesABulkTransfer() throws Exception {
        proxy.setDelays(Duration.ZERO);
        proxy.setBandwidth(DelayProxy.Direction.TARGET_TO_CLIENT, 1_000_000);
        byte[] payload = new byte[500_000];
        Arrays.fill(payload, (byte) 7);
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(payload);
                } catch (IOException ignored) {
                    // The assertion below reports a short read.
                }
            });
            writer.start();
            new DataInputStream(s.getInputStream()).readFully(new byte[payload.length]);
            double seconds = (System.nanoTime() - t0) / 1e9;
            writer.join();
            assertThat(seconds).isBetween(0.45, 2.0);
        }
    }

    @Test
    void servesHundredsOfConcurrentConnectionsAndCloseTearsThemDown() throws Exception {
        proxy.setDelays(Duration.ofMillis(2));
        int connections = 300;
        List<Socket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(connect());
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Socket s : sockets) {
                results.add(pool.submit(() -> {
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    int ok = 0;
                    for (int m = 0; m < 10; m++) {
                        out.writeLong(m);
                        out.flush();
                        if (in.readLong() == m) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(10);
            }
            assertThat(proxy.openConnections()).isEqualTo(connections);
            proxy.close();
            for (Socket s : sockets) {
                s.setSoTimeout(5000);
                assertThat(readOrReset(s)).isEqualTo(-1);
            }
            assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
        } finally {
            pool.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void clientCloseClosesTheTargetSide() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(1);
            assertThat(s.getInputStream().read()).isEqualTo(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(proxy.openConnections()).isZero();
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void partitionResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
        try (Socket open = connect()) {
            open.getOutputStream().write(1);
            assertThat(open.getInputStream().read()).isEqualTo(1);

            proxy.partition();

            assertThat(proxy.isPartitioned()).isTrue();
            assertThat(readOrReset(open)).isEqualTo(-1);
            assertThat(proxy.openConnections()).isZero();
            try (Socket refused = connect()) {
                try {
                    refused.getOutputStream().write(2);
                } catch (IOException e) {
                    // The reset came first: refused, as expected.
                }
                assertThat(readOrReset(refused)).isEqualTo(-1);
            }
            assertThat(proxy.openConnections()).isZero();
        }

        proxy.healPartition();

        try (Socket healed = connect()) {
            healed.getOutputStream().write(3);
            assertThat(healed.getInputStream().read()).isEqualTo(3);
        }
        assertThat(proxy.isPartitioned()).isFalse();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(proxy.host(), proxy.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    private static int readOrReset(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1; // a reset is as good as an end of stream here
        }
    }

    private static double fastestRoundTripMillis(Socket s, int samples) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        DataInputStream in = new DataInputStream(s.getInputStream());
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            out.writeInt(i);
            out.flush();
            assertThat(in.readInt()).isEqualTo(i);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Arrays.stream(millis).min().orElseThrow();
    }
}
