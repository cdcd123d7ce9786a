package org.mockupdb.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireProtocolException;

/**
 * TLS layered over an accepted TCP socket. The first byte is read raw, so a client that speaks
 * plain MongoDB to a TLS server is named as such instead of failing deep in the handshake.
 */
final class TlsLink implements Link {
    /** A TLS record of type handshake starts with this byte. */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** How long the server reads a plain client's message before closing on it. */
    private static final int DISCARD_TIMEOUT_MS = 1_000;

    private final PlainLink raw;
    private final SSLContext context;
    private final boolean wantClientCertificate;
    private volatile SSLSocket tls;
    private volatile String clientCertificateSubject;

    /** @param wantClientCertificate whether to ask the client for a certificate (it may send none) */
    TlsLink(PlainLink raw, SSLContext context, boolean wantClientCertificate) {
        this.raw = raw;
        this.context = context;
        this.wantClientCertificate = wantClientCertificate;
    }

    @Override
    public void setReadTimeout(int millis) throws IOException {
        raw.socket.setSoTimeout(millis);
    }

    @Override
    public void open() throws IOException {
        int first = raw.socket.getInputStream().read();
        if (first < 0) {
            throw new EOFException("the client closed the connection before the TLS handshake");
        }
        if (first != TLS_HANDSHAKE_RECORD) {
            discardPlainMessage(first);
            throw WireProtocolException.fatal(String.format(
                    "expected a TLS handshake (a record starting 0x16), but the client sent 0x%02x: "
                            + "it is speaking plain MongoDB to a server started with TLS (connect with tls=true)",
                    first));
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(raw.socket, new ByteArrayInputStream(new byte[] {(byte) first}), true);
        socket.setWantClientAuth(wantClientCertificate);
        tls = socket;
        try {
            socket.startHandshake();
        } catch (SSLException e) {
            throw new SSLException("TLS handshake failed: " + e.getMessage()
                    + " (a client must trust MockupTls.caFile(), or the SSLContext the server was given"
                    + (wantClientCertificate ? "; a client certificate must come from a CA the server trusts" : "")
                    + ")", e);
        }
        if (wantClientCertificate) {
            clientCertificateSubject = peerSubject(socket);
        }
    }

    /** The verified subject of the client's certificate, or null when it sent none. */
    private static String peerSubject(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            }
        } catch (SSLPeerUnverifiedException none) {
            // the client presented no certificate
        }
        return null;
    }

    @Override
    public Optional<String> clientCertificateSubject() {
        return Optional.ofNullable(clientCertificateSubject);
    }

    /**
     * Reads the rest of the plain message the client sent, so that closing the connection sends
     * the client an orderly end of stream, not a reset for unread data (which some clients report
     * only as an unknown socket error).
     */
    private void discardPlainMessage(int first) throws IOException {
        InputStream in = raw.socket.getInputStream();
        raw.socket.setSoTimeout(DISCARD_TIMEOUT_MS);
        try {
            byte[] header = in.readNBytes(3);
            if (header.length < 3) {
                return;
            }
            long length = (first & 0xff) | (header[0] & 0xff) << 8 | (header[1] & 0xff) << 16
                    | (long) (header[2] & 0xff) << 24;
            if (length > 4 && length <= WireDecoder.MAX_MESSAGE_SIZE) {
                in.skipNBytes(length - 4);
            }
        } catch (IOException e) {
            // the client went away or stalled: closing is all that is left
        }
    }

    @Override
    public InputStream input() throws IOException {
        return started().getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return started().getOutputStream();
    }

    private SSLSocket started() {
        SSLSocket socket = tls;
        if (socket == null) {
            throw new IllegalStateException("expected the TLS handshake to have run (open()) before any I/O");
        }
        return socket;
    }

    @Override
    public SocketAddress remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public void close() {
        SSLSocket socket = tls;
        if (socket == null) {
            raw.close();
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // the close_notify could not be sent; the socket still has to go
        } finally {
            raw.close();
        }
    }

    @Override
    public void abort() {
        raw.abort();
    }
}
