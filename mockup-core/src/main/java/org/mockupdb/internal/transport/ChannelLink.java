package org.mockupdb.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A blocking socket channel (a Unix domain socket). Its streams call the channel directly:
 * {@code Channels.newInputStream} would hold the channel's blocking lock while a read waits,
 * so another thread could not write a reply.
 */
final class ChannelLink implements Link {
    private final SocketChannel channel;
    private final Path path;
    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    };
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    };

    ChannelLink(SocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            if (remote instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
                return remote;
            }
        } catch (IOException ignored) {
            // closed: describe it by the server's path
        }
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public void close() {
        Quietly.close(channel);
    }

    @Override
    public void abort() {
        close();
    }
}
