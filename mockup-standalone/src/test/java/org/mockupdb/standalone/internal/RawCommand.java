package org.mockupdb.standalone.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/** One OP_MSG command over a plain socket and its reply's body, read within 5 seconds: no driver in between. */
final class RawCommand {
    private static final int OP_MSG = 2013;
    private static int requestId = 1;

    private RawCommand() {
    }

    static synchronized BsonDocument run(Socket socket, BsonDocument command) throws IOException {
        socket.setSoTimeout(5_000);
        BasicOutputBuffer bson = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(bson), command, EncoderContext.builder().build());
        byte[] body = bson.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(16 + 4 + 1 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(frame.capacity()).putInt(requestId++).putInt(0).putInt(OP_MSG).putInt(0).put((byte) 0).put(body);
        socket.getOutputStream().write(frame.array());
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[16];
        in.readFully(header);
        int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int opCode = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        if (opCode != OP_MSG) {
            throw new IOException("expected an OP_MSG reply, got opcode " + opCode);
        }
        byte[] rest = new byte[length - 16];
        in.readFully(rest);
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        doc.write(rest, 5, rest.length - 5); // flag bits, then the kind-0 section's byte
        return new BsonDocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(doc.toByteArray())),
                DecoderContext.builder().build());
    }
}
