package org.mockupdb.internal.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** A bound server endpoint that hands out {@link Link}s. */
public interface Listener extends AutoCloseable {
    /** Connections the kernel holds for accept(): many clients connecting at once are not refused. */
    int BACKLOG = 1024;

    /** Waits for the next client. Throws once the listener is closed. */
    Link accept() throws IOException;

    /** Frees the endpoint: the port, or the socket file. A blocked {@link #accept()} ends at once. */
    @Override
    void close();

    /** The TCP port, or -1 for a Unix domain socket. */
    int port();

    /** Listens on TCP, with TLS when {@code tls} is not null. */
    static Listener tcp(InetAddress address, int port, SSLContext tls) throws IOException {
        return tcp(address, port, tls, false);
    }

    /**
     * Listens on TCP, with TLS when {@code tls} is not null, asking each TLS client for a
     * certificate (which it may decline) when {@code wantClientCertificates}.
     */
    static Listener tcp(InetAddress address, int port, SSLContext tls, boolean wantClientCertificates)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new TcpListener(socket, tls, wantClientCertificates);
    }

    /** Listens on a Unix domain socket at {@code path}. */
    static Listener unix(Path path) throws IOException {
        return UnixListener.bind(path);
    }
}
