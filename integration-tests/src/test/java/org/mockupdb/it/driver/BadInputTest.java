package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.ProtocolError;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.FrameReader;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;

/**
 * Every kind of malformed input, sent with a raw socket, gets its own specific error, visible to
 * the test, while a real driver on the same server carries on.
 */
class BadInputTest {
    private static final BsonDocument PING = new BsonDocument("ping", new BsonInt32(1))
            .append("$db", new BsonString("admin"));

    private static MockupServer server;
    private static MongoClient driver;

    @BeforeAll
    static void start() {
        server = new MockupServer().start();
        driver = Clients.connect(server);
    }

    @AfterAll
    static void stop() {
        driver.close();
        server.stop();
    }

    /** What the server does with the connection after the bad frame. */
    enum Then { CLOSES, ANSWERS_WITH_ERROR }

    static Stream<Arguments> badInputs() {
        byte[] ping = WireEncoder.msg(77, 0, 0, PING, Map.of());
        byte[] tooShort = header(12, 2013);
        byte[] tooLong = header(48_000_001, 2013);
        byte[] truncated = Arrays.copyOf(ping, ping.length - 4);
        byte[] invalidBson = ping.clone();
        invalidBson[25] = 0x42; // type byte of the first element
        byte[] unknownOpcode = Arrays.copyOf(header(24, 4242), 24);
        byte[] reservedFlags = WireEncoder.msg(77, 0, 1 << 3, PING, Map.of());
        byte[] badChecksum = WireEncoder.msg(77, 0, 1, PING, Map.of());
        badChecksum[badChecksum.length - 2] ^= 0x10;
        byte[] garbageZlib = WireEncoder.compress(ping, Compressor.ZLIB);
        Arrays.fill(garbageZlib, 27, garbageZlib.length, (byte) 0x3C);
        return Stream.of(
                Arguments.of("length below 16", tooShort, "message length 12 is below the 16-byte minimum",
                        Then.CLOSES),
                Arguments.of("length above the maximum", tooLong,
                        "message length 48000001 exceeds the maximum of 48000000 bytes", Then.CLOSES),
                Arguments.of("truncated frame", truncated, "truncated frame: header declares " + ping.length
                        + " bytes, the connection closed after " + truncated.length, Then.CLOSES),
                Arguments.of("invalid BSON", invalidBson, "invalid BSON in OP_MSG body section (kind 0)",
                        Then.ANSWERS_WITH_ERROR),
                Arguments.of("unknown opcode", unknownOpcode, "unknown opcode 4242", Then.CLOSES),
                Arguments.of("reserved OP_MSG flag bits", reservedFlags,
                        "OP_MSG flagBits 0x00000008 set reserved bits 0x0008", Then.ANSWERS_WITH_ERROR),
                Arguments.of("wrong checksum", badChecksum, "OP_MSG checksum mismatch", Then.ANSWERS_WITH_ERROR),
                Arguments.of("garbage compressed payload", garbageZlib,
                        "OP_COMPRESSED payload does not decompress with zlib", Then.ANSWERS_WITH_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void theErrorIsNamedAndTheServerKeepsServing(String name, byte[] frame, String expected, Then then)
            throws IOException {
        int errorsBefore = server.protocolErrors().size();
        try (Socket raw = new Socket(server.socketAddress().getAddress(), server.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            InputStream in = raw.getInputStream();
            out.write(frame);
            out.flush();
            if (then == Then.CLOSES) {
                if (name.equals("truncated frame")) {
                    raw.shutdownOutput(); // the client goes away mid-frame
                }
                assertEquals(-1, in.read(), "the server closes the connection");
            } else {
                Frame reply = WireDecoder.decodeReply(new FrameReader(in).next());
                assertEquals(77, reply.responseTo());
                BsonDocument error = ((WireMessage.Msg) reply.message()).body();
                assertEquals(new BsonInt32(0), error.get("ok"));
                assertTrue(error.getString("errmsg").getValue().contains(expected), error.toJson());
                assertTrue(error.getString("codeName").getValue().matches("ProtocolError|InvalidBSON"), error.toJson());
            }
        }

        AssertionError reported = assertThrows(AssertionError.class, () -> server.receives());
        assertTrue(reported.getMessage().startsWith("expected to receive any request, but first a protocol error on "
                + "connection "), reported.getMessage());
        assertTrue(reported.getMessage().contains(expected), reported.getMessage());
        List<ProtocolError> errors = server.protocolErrors();
        assertEquals(errorsBefore + 1, errors.size());
        assertTrue(errors.get(errors.size() - 1).message().contains(expected));

        Outcome<Document> ping = Go.go(() -> driver.getDatabase("admin").runCommand(new Document("ping", 1)));
        server.receives("ping").ok(new Document("after", name));
        assertEquals(name, ping.get().getString("after"), "the driver's connection carried on");
    }

    private static byte[] header(int length, int opCode) {
        byte[] out = new byte[16];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(length).putInt(77).putInt(0).putInt(opCode);
        return out;
    }
}
