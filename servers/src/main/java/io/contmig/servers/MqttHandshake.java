package io.contmig.servers;

import io.contmig.target.Login;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw MQTT 3.1.1 CONNECT/CONNACK exchange over TCP — a real request that proves a broker is serving, without an
 * MQTT client library in main scope. Stateless, thread-safe.
 */
public final class MqttHandshake {

    /** CONNACK return code 5: the broker refused the client's credentials (or their absence). */
    public static final int NOT_AUTHORIZED = 5;

    private MqttHandshake() {
    }

    /**
     * Connects anonymously with a clean session, expects CONNACK with return code 0, then disconnects.
     *
     * @throws IOException when the broker does not answer or refuses the connection (return code in the message)
     */
    public static void connect(String host, int port, String clientId, Duration timeout) throws IOException {
        connect(host, port, clientId, Login.NONE, timeout);
    }

    /**
     * As {@link #connect(String, int, String, Duration)}, presenting {@code login} (none for {@link Login#NONE}).
     *
     * @throws IOException when the broker does not answer or refuses the connection (return code in the message)
     */
    public static void connect(String host, int port, String clientId, Login login, Duration timeout)
            throws IOException {
        int code = connackCode(host, port, clientId, login, timeout);
        if (code != 0) {
            throw new IOException("broker " + host + ":" + port + " refused CONNECT of " + login
                    + " with return code " + code);
        }
    }

    /**
     * Sends CONNECT presenting {@code login} and returns the CONNACK's return code (0 accepted, 5
     * {@link #NOT_AUTHORIZED}, ...); disconnects when accepted.
     *
     * @throws IOException when the broker does not answer with a CONNACK
     */
    public static int connackCode(String host, int port, String clientId, Login login, Duration timeout)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(connectPacket(clientId, login));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            if (connack[0] != 0x20 || connack[1] != 0x02) {
                throw new IOException("expected CONNACK from " + host + ":" + port + ", got packet type 0x"
                        + Integer.toHexString(connack[0] & 0xff));
            }
            if (connack[3] == 0) {
                out.write(new byte[] {(byte) 0xE0, 0x00}); // DISCONNECT
                out.flush();
            }
            return connack[3];
        }
    }

    /** An MQTT 3.1.1 CONNECT packet with clean session, a 60 s keep-alive and {@code login}'s user and password. */
    static byte[] connectPacket(String clientId, Login login) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(0x04); // protocol level 3.1.1
        int flags = 0x02; // clean session
        if (!login.isNone()) {
            flags |= 0x80 | 0x40; // user name, password
        }
        body.write(flags);
        body.write(0x00);
        body.write(60); // keep-alive seconds
        writeString(body, clientId);
        if (!login.isNone()) {
            writeString(body, login.user());
            writeString(body, login.password());
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int remaining = body.size();
        do { // MQTT's variable-length "remaining length": 7 bits a byte, high bit = more
            int digit = remaining % 128;
            remaining /= 128;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("MQTT string of " + bytes.length + " bytes is too long");
        }
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }
}
