package org.mockupdb;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLException;
import org.mockupdb.internal.AutoHello;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.FrameReader;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireProtocolException;

/**
 * One connection's loop: reads each frame, decodes it into a {@link Request} and hands it to the
 * {@link Router}. No input ends the loop with an uncaught throwable: a message that breaks the
 * protocol becomes a named {@link ProtocolError} (in {@code protocolErrors()}, the transcript and
 * the next {@code receives()}), answered with an error reply where the frame was read whole and
 * its opcode takes one; otherwise the connection is closed and the server serves the others.
 */
final class RequestReader implements Acceptor.ConnectionLoop {
    private static final System.Logger LOG = System.getLogger(MockupServer.class.getName());

    private final MockupServer server;
    private final Router router;
    private final Transcript transcript;
    private final IntSupplier maxWireVersion;
    private final List<ResponseFilter> filters;
    private final Duration idleTimeout;

    RequestReader(MockupServer server, Router router, Transcript transcript, IntSupplier maxWireVersion,
                  List<ResponseFilter> filters, Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.server = server;
        this.router = router;
        this.transcript = transcript;
        this.maxWireVersion = maxWireVersion;
        this.filters = filters;
    }

    @Override
    public void serve(ServerConnection connection) {
        ReplyWriter writer = new ReplyWriter(connection, transcript, maxWireVersion, filters);
        FaultRule.ConnectionFault fault = server.onAccept(connection);
        if (fault == FaultRule.ConnectionFault.REFUSE) {
            connection.reset();
            return;
        }
        if (fault == FaultRule.ConnectionFault.CLOSE) {
            connection.close();
            return;
        }
        try {
            connection.open(idleTimeout);
            FrameReader reader = new FrameReader(connection.input());
            while (true) {
                byte[] bytes = reader.next();
                if (bytes == null) {
                    break;
                }
                if (!handle(connection, writer, bytes)) {
                    break;
                }
            }
            if (connection.isOpen()) {
                transcript.note(connection.id(), "client closed the connection");
            }
        } catch (WireProtocolException e) {
            protocolError(connection, e.getMessage() + "; the connection was closed", e);
        } catch (SSLException e) {
            // A client that does not trust the certificate, or gave up mid-handshake: it reports the
            // failure itself, so the server notes it rather than failing the test's next receives().
            if (connection.isOpen() && server.isRunning()) {
                transcript.note(connection.id(), e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "connection " + connection.id() + ": " + e.getMessage());
            }
        } catch (SocketTimeoutException e) {
            transcript.note(connection.id(), "closed the connection: the client sent nothing for "
                    + Replies.describe(idleTimeout) + " (the idle timeout)");
        } catch (SocketException e) {
            if (connection.isOpen() && server.isRunning()) {
                transcript.note(connection.id(), "connection lost: " + e.getMessage());
            }
        } catch (IOException e) {
            if (connection.isOpen() && server.isRunning()) {
                transcript.note(connection.id(), "connection lost: " + e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // Not reachable from input by design (the decoder names every fault it finds); if it is,
            // the error is named and this connection closed, and the server serves the others.
            protocolError(connection, "the server failed to read a message from this connection: " + e
                    + "; the connection was closed", e);
        }
    }

    /**
     * Decodes and routes one frame.
     *
     * @return whether to read on: false when the frame was wrong in a way that loses the stream
     */
    private boolean handle(ServerConnection connection, ReplyWriter writer, byte[] bytes) {
        Frame frame;
        Request request;
        try {
            frame = WireDecoder.decode(bytes);
            request = Request.from(frame, new Arrival(frame.requestId(), frame.compressor(), connection, writer,
                    server, Instant.now(), connection.auth().user().orElse(null)));
        } catch (WireProtocolException e) {
            if (!e.framingIntact()) {
                protocolError(connection, e.getMessage() + "; the connection was closed", e);
                return false;
            }
            protocolError(connection, e.getMessage(), e);
            return answerError(connection, e);
        }
        connection.observe(AutoHello.isHello(request) ? request.body() : null);
        router.dispatch(request);
        return true;
    }

    /** Answers a frame that was read whole but is wrong with an error reply, when its opcode takes one. */
    private boolean answerError(ServerConnection connection, WireProtocolException e) {
        Reply error = Reply.commandError(e.errorCode(), e.getMessage());
        byte[] frame = ReplyWriter.errorFrame(e.opCode(), e.requestId(), connection.nextRequestId(), error);
        if (frame == null) {
            return false;
        }
        transcript.note(connection.id(), "error reply to request " + e.requestId() + ": "
                + BsonValues.json(error.commandDocument("an error", java.util.List.of())));
        return connection.send(frame);
    }

    private void protocolError(ServerConnection connection, String message, Throwable cause) {
        ProtocolError error = new ProtocolError(connection, message, Instant.now(), cause);
        router.record(error);
        LOG.log(System.Logger.Level.WARNING, error.toString());
    }
}
