package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;
import org.mockupdb.internal.wire.WireProtocolException;

/** The bytes of the reply faults, read raw off a real socket. */
class ReplyFaultsTest {
    private final MockupServer server = new MockupServer().start();

    @AfterEach
    void stop() {
        server.stop();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void ping(Socket socket, int requestId) throws IOException {
        BsonDocument body = new BsonDocument("ping", new BsonInt32(1)).append("$db", new BsonString("admin"));
        socket.getOutputStream().write(WireEncoder.msg(requestId, 0, 0, body, Map.of()));
        socket.getOutputStream().flush();
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] head = new byte[4];
        data.readFully(head);
        int length = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] frame = new byte[length];
        System.arraycopy(head, 0, frame, 0, 4);
        data.readFully(frame, 4, length - 4);
        return frame;
    }

    @Test
    void aBadChecksumFailsTheServersOwnDecoderAndAWrongResponseToNamesAnotherRequest() throws IOException {
        server.injectFault(FaultRule.of(Fault.badChecksum(Reply.ok())).matching(Spec.command("ping")).nth(1));
        // asked only once the first rule is done: a request one rule faults is not counted by the later ones
        server.injectFault(FaultRule.of(Fault.wrongResponseTo(Reply.ok())).matching(Spec.command("ping")).nth(1));
        try (Socket socket = connect()) {
            ping(socket, 41);
            byte[] bad = readFrame(socket.getInputStream());
            WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decodeReply(bad));
            assertTrue(e.getMessage().toLowerCase().contains("checksum"), e.getMessage());
            ping(socket, 42);
            byte[] wrong = readFrame(socket.getInputStream());
            assertEquals(43, WireDecoder.decodeReply(wrong).responseTo());
        }
    }

    @Test
    void corruptBsonKeepsTheFrameAndBreaksTheDocument() throws IOException {
        server.injectFault(FaultRule.of(Fault.corruptBson(Reply.ok())).times(1).matching(Spec.command("ping")));
        try (Socket socket = connect()) {
            ping(socket, 7);
            byte[] frame = readFrame(socket.getInputStream());
            assertThrows(WireProtocolException.class, () -> WireDecoder.decodeReply(frame));
            assertEquals(0x2A, frame[25]);
        }
    }

    @Test
    void aDribbledReplyComesWholeInPieces() throws IOException {
        server.injectFault(FaultRule.of(Fault.dribble(Reply.ok(), 5, Duration.ofMillis(30))).times(1));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            ping(socket, 9);
            byte[] frame = readFrame(socket.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            WireMessage.Msg msg = (WireMessage.Msg) WireDecoder.decodeReply(frame).message();
            assertEquals(1, msg.body().getNumber("ok").intValue());
            int writes = (frame.length + 4) / 5;
            assertTrue(ms >= (writes - 1) * 30L - 10, "expected " + writes + " writes 30 ms apart, took " + ms + " ms");
        }
    }

    @Test
    void aStallKeepsTheConnectionOpenUntilReleased() throws IOException {
        server.injectFault(FaultRule.of(Fault.stall()).times(1));
        try (Socket socket = connect()) {
            socket.setSoTimeout(300);
            ping(socket, 11);
            assertThrows(java.net.SocketTimeoutException.class, () -> socket.getInputStream().read());
            assertEquals(1, server.releaseStalls());
            socket.setSoTimeout(5_000);
            assertEquals(-1, socket.getInputStream().read(), "the server closed the stalled connection");
        }
        assertFalse(server.transcript().isEmpty());
    }

    @Test
    void refusedConnectionsAreResetAndTheRuleCanBeCancelled() throws IOException {
        server.autoResponds("ping");
        InjectedFault refuse = server.injectFault(FaultRule.refuseConnections());
        // the reset may come as soon as the connection is made, or at the first write or read
        assertThrows(java.net.SocketException.class, () -> {
            try (Socket socket = connect()) {
                ping(socket, 1);
                socket.getInputStream().read();
            }
        });
        refuse.cancel();
        assertTrue(server.faults().isEmpty());
        try (Socket socket = connect()) {
            ping(socket, 2);
            assertEquals(2, WireDecoder.decodeReply(readFrame(socket.getInputStream())).responseTo());
        }
    }
}
