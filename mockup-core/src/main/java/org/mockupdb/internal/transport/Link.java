package org.mockupdb.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * One accepted connection's byte streams, whatever carries them: TCP, TLS over TCP, or a Unix
 * domain socket. Reading happens on the connection's own thread while other threads write.
 */
public interface Link {

    /**
     * Completes whatever the transport needs before the first message (the TLS handshake), on
     * the connection's thread. A no-op for plain transports.
     *
     * @throws org.mockupdb.internal.wire.WireProtocolException when the client spoke the wrong protocol
     * @throws IOException when the handshake fails
     */
    default void open() throws IOException {
    }

    InputStream input() throws IOException;

    /**
     * Makes a read that waits longer than {@code millis} for data fail with a
     * {@link java.net.SocketTimeoutException}; 0 waits for ever. Transports without read timeouts
     * (Unix domain sockets) ignore it.
     */
    default void setReadTimeout(int millis) throws IOException {
    }

    OutputStream output() throws IOException;

    /** The client's end, or a description of it when the transport has no address. */
    SocketAddress remoteAddress();

    /**
     * The RFC 2253 subject of the certificate the client presented and the server verified during
     * {@link #open()}; empty when it presented none or the transport has no TLS.
     */
    default Optional<String> clientCertificateSubject() {
        return Optional.empty();
    }

    /** An orderly close: for TLS a close_notify, then the socket. A blocked read ends at once. */
    void close();

    /** An abortive close: a TCP reset where the transport has one, else {@link #close()}. */
    void abort();
}
