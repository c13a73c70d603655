package io.contmig.servers;

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
    private MqttHandshake() {
    }

    /**
     * Connects with a clean session, expects CONNACK with return code 0, then disconnects.
     *
     * @throws IOException when the broker does not answer or refuses the connection (return code in the message)
     */
    public static void connect(String host, int port, String clientId, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(connectPacket(clientId));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            if (connack[0] != 0x20 || connack[1] != 0x02) {
                throw new IOException("expected CONNACK from " + host + ":" + port + ", got packet type 0x"
                        + Integer.toHexString(connack[0] & 0xff));
            }
            if (connack[3] != 0) {
                throw new IOException("broker " + host + ":" + port + " refused CONNECT with return code " + connack[3]);
            }
            out.write(new byte[] {(byte) 0xE0, 0x00}); // DISCONNECT
            out.flush();
        }
    }

    /** An MQTT 3.1.1 CONNECT packet with clean session and a 60 s keep-alive. */
    static byte[] connectPacket(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        if (remaining > 127) {
            throw new IllegalArgumentException("clientId (" + clientId + ") is too long for this probe");
        }
        byte[] packet = new byte[2 + remaining];
        int i = 0;
        packet[i++] = 0x10;
        packet[i++] = (byte) remaining;
        packet[i++] = 0x00;
        packet[i++] = 0x04;
        for (byte b : "MQTT".getBytes(StandardCharsets.US_ASCII)) {
            packet[i++] = b;
        }
        packet[i++] = 0x04; // protocol level 3.1.1
        packet[i++] = 0x02; // clean session
        packet[i++] = 0x00;
        packet[i++] = 60;   // keep-alive seconds
        packet[i++] = (byte) (id.length >> 8);
        packet[i++] = (byte) id.length;
        System.arraycopy(id, 0, packet, i, id.length);
        return packet;
    }
}
