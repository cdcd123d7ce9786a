package org.mockupdb.it.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.mockupdb.Connection;
import org.mockupdb.MockupTls;

/**
 * A test-side server SSLContext that asks clients for a certificate (want, not need) and
 * remembers each TLS connection by the client's port, so that a test can learn the verified
 * subject of a connection's client certificate with today's public API. The router will read it
 * from its own TLS link in phase 2; this class goes then.
 */
final class ClientCertificates {
    private final Map<Integer, SSLSocket> byClientPort = new ConcurrentHashMap<>();
    private final SSLContext context;

    ClientCertificates() {
        SSLContext delegate = MockupTls.serverContext();
        SSLSocketFactory factory = new WantClientAuth(delegate.getSocketFactory());
        this.context = new SSLContext(new SSLContextSpi() {
            @Override
            protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
                throw new KeyManagementException("already initialized");
            }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                return factory;
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                return delegate.getServerSocketFactory();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                return delegate.createSSLEngine();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                return delegate.createSSLEngine(host, port);
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                return delegate.getServerSessionContext();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                return delegate.getClientSessionContext();
            }
        }, delegate.getProvider(), delegate.getProtocol()) {
        };
    }

    /** The context to give {@code MockupServer.builder().tls(...)}. */
    SSLContext serverContext() {
        return context;
    }

    /** The RFC 2253 subject of the verified certificate this connection's client presented, or null. */
    String subject(Connection connection) {
        SSLSocket socket = byClientPort.get(connection.clientPort());
        if (socket == null) {
            return null;
        }
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return ((X509Certificate) chain[0]).getSubjectX500Principal().getName(X500Principal.RFC2253);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }

    private final class WantClientAuth extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        WantClientAuth(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            SSLSocket socket = (SSLSocket) delegate.createSocket(s, consumed, autoClose);
            socket.setWantClientAuth(true);
            byClientPort.put(s.getPort(), socket);
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return delegate.createSocket(s, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return delegate.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return delegate.createSocket(address, port, localAddress, localPort);
        }
    }
}
