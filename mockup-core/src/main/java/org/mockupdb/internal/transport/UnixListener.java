package org.mockupdb.internal.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** A Unix domain socket: removes a stale socket file before binding and its own file on close. */
final class UnixListener implements Listener {
    /** S_IFMT and S_IFSOCK from stat(2). */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_FILE = 0140000;

    private final ServerSocketChannel channel;
    private final Path path;

    private UnixListener(ServerSocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    static UnixListener bind(Path path) throws IOException {
        removeStale(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), 128);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new UnixListener(channel, path);
    }

    /** Removes a socket file no server is listening on; refuses to touch anything else. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!(mode instanceof Integer bits) || (bits & FILE_TYPE_MASK) != SOCKET_FILE) {
            throw new IOException("the path exists and is not a socket; refusing to remove it");
        }
        boolean listening;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            listening = true;
        } catch (IOException refused) {
            listening = false;
        }
        if (listening) {
            throw new IOException("another server is listening on it");
        }
        Files.deleteIfExists(path);
    }

    @Override
    public Link accept() throws IOException {
        return new ChannelLink(channel.accept(), path);
    }

    @Override
    public void close() {
        Quietly.close(channel);
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // someone else removed or replaced it
        }
    }

    @Override
    public int port() {
        return -1;
    }
}
