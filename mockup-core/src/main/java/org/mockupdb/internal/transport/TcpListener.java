package org.mockupdb.internal.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;

/** TCP, plain or TLS: the TLS handshake happens later, on the connection's thread. */
final class TcpListener implements Listener {
    private final ServerSocket socket;
    private final SSLContext tls;
    private final boolean wantClientCertificates;

    TcpListener(ServerSocket socket, SSLContext tls, boolean wantClientCertificates) {
        this.socket = socket;
        this.tls = tls;
        this.wantClientCertificates = wantClientCertificates;
    }

    @Override
    public Link accept() throws IOException {
        Socket accepted = socket.accept();
        try {
            accepted.setTcpNoDelay(true);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
        PlainLink plain = new PlainLink(accepted);
        return tls == null ? plain : new TlsLink(plain, tls, wantClientCertificates);
    }

    @Override
    public void close() {
        Quietly.close(socket);
    }

    @Override
    public int port() {
        return socket.getLocalPort();
    }
}
