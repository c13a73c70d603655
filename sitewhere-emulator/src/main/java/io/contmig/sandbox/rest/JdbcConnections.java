package io.contmig.sandbox.rest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small cache of open JDBC connections per database URL, so that each REST call does not pay a connection
 * set-up (which crosses the emulated WAN). When routing moves a tenant's database, new calls use the new URL and
 * get connections there; the old site's idle connections stay until {@link #close()}.
 *
 * <p>Thread-safe. At most {@code idlePerUrl} idle connections are kept per URL; more are opened when needed and
 * closed on return. A connection that failed ({@link Lease#discard()}) is closed instead of kept.
 */
final class JdbcConnections implements AutoCloseable {

    private final int idlePerUrl;
    private final Map<String, BlockingQueue<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    JdbcConnections(int idlePerUrl) {
        this.idlePerUrl = idlePerUrl;
    }

    /** A connection to {@code url} (auto-commit on), to be closed through the lease. */
    Lease lease(String url, String user, String password) throws SQLException {
        if (closed) {
            throw new SQLException("the REST server is stopped");
        }
        BlockingQueue<Connection> queue = idle.computeIfAbsent(url, u -> new ArrayBlockingQueue<>(idlePerUrl));
        Connection connection = queue.poll();
        boolean reused = connection != null;
        if (connection == null) {
            connection = DriverManager.getConnection(url, user, password);
        }
        return new Lease(connection, queue, reused);
    }

    /** Closes every idle connection to {@code url} (after one was found broken, the others likely are too). */
    void evictIdle(String url) {
        BlockingQueue<Connection> queue = idle.get(url);
        Connection connection;
        while (queue != null && (connection = queue.poll()) != null) {
            closeQuietly(connection);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (BlockingQueue<Connection> queue : idle.values()) {
            Connection connection;
            while ((connection = queue.poll()) != null) {
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing to do: the connection is being thrown away.
        }
    }

    /** One borrowed connection; closing returns it (or closes it when discarded). */
    final class Lease implements AutoCloseable {
        private final Connection connection;
        private final BlockingQueue<Connection> home;
        private final boolean reused;
        private boolean discarded;

        private Lease(Connection connection, BlockingQueue<Connection> home, boolean reused) {
            this.connection = connection;
            this.home = home;
            this.reused = reused;
        }

        /** Whether the connection was kept from an earlier call (and may have been broken since). */
        boolean reused() {
            return reused;
        }

        Connection connection() {
            return connection;
        }

        /** Marks the connection broken: it is closed instead of reused. */
        void discard() {
            discarded = true;
        }

        @Override
        public void close() {
            if (discarded || closed || !home.offer(connection)) {
                closeQuietly(connection);
            }
        }
    }
}
