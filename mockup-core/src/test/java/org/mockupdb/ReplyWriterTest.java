package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.ErrorLabels;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.OpCodes;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireMessage;

/** The reply writer's encoding and mongod's error labels, without sockets. */
class ReplyWriterTest {

    private static Frame decode(byte[] frame) {
        return WireDecoder.decodeReply(frame);
    }

    @Test
    void anOpMsgIsAnsweredWithAnOpMsgCarryingItsChecksumFlagAndResponseTo() {
        OpMsg request = OpMsg.of(new Document("ping", 1).append("$db", "admin"), OpMsg.CHECKSUM_PRESENT);
        Frame frame = decode(ReplyWriter.encode(request, Reply.ok("n", 1), 7, List.of()));
        assertEquals(OpCodes.OP_MSG, frame.opCode());
        assertEquals(7, frame.requestId());
        assertEquals(request.requestId(), frame.responseTo());
        WireMessage.Msg msg = (WireMessage.Msg) frame.message();
        assertEquals(OpMsg.CHECKSUM_PRESENT, msg.flagBits());
        assertEquals(BsonDocument.parse("{n: 1, ok: 1}"), msg.body());
    }

    @Test
    void aLegacyCommandIsAnsweredWithOneDocumentInAnOpReply() {
        Command request = Command.of("admin", new Document("isMaster", 1));
        Frame frame = decode(ReplyWriter.encode(request, Reply.commandError(59, "no such command"), 3, List.of()));
        WireMessage.Reply reply = (WireMessage.Reply) frame.message();
        assertEquals(0, reply.responseFlags(), "a command error is a document, not a QueryFailure");
        assertEquals(BsonDocument.parse("{ok: 0, errmsg: 'no such command', code: 59, codeName: 'CommandNotFound'}"),
                reply.documents().get(0));
    }

    @Test
    void labelsGoAfterTheCodeAndGivenLabelsReplaceMongodsOwn() {
        OpMsg insert = OpMsg.of(new Document("insert", "c").append("$db", "db"));
        Reply error = Reply.notWritablePrimary();
        BsonDocument labelled = ((WireMessage.Msg) decode(ReplyWriter.encode(insert, error, 1,
                List.of("RetryableWriteError"))).message()).body();
        assertEquals(BsonDocument.parse("{ok: 0, errmsg: 'not primary', code: 10107, codeName: 'NotWritablePrimary', "
                + "errorLabels: ['RetryableWriteError']}"), labelled);
        BsonDocument none = ((WireMessage.Msg) decode(ReplyWriter.encode(insert, error.withErrorLabels(), 1,
                List.of("RetryableWriteError"))).message()).body();
        assertFalse(none.containsKey("errorLabels"), none.toJson());
    }

    @Test
    void mongodLabelsRetryableWritesAndTransactions() {
        BsonDocument retryable = BsonDocument.parse("{insert: 'c', txnNumber: {$numberLong: '1'}}");
        assertEquals(List.of("RetryableWriteError"), ErrorLabels.forError(10107, "insert", retryable, 25));
        assertEquals(List.of(), ErrorLabels.forError(10107, "insert", retryable, 8), "MongoDB 4.2 adds no labels");
        assertEquals(List.of(), ErrorLabels.forError(11000, "insert", retryable, 25), "a duplicate key is final");
        assertEquals(List.of(), ErrorLabels.forError(10107, "insert", BsonDocument.parse("{insert: 'c'}"), 25),
                "no txnNumber: not a retryable write");
        BsonDocument inTransaction = BsonDocument.parse("{find: 'c', txnNumber: {$numberLong: '1'}, autocommit: false}");
        assertEquals(List.of("TransientTransactionError"), ErrorLabels.forError(112, "find", inTransaction, 25));
        assertEquals(List.of("RetryableWriteError"), ErrorLabels.forError(91, "commitTransaction",
                BsonDocument.parse("{commitTransaction: 1, autocommit: false}"), 25));
    }

    @Test
    void aReplyOfSeveralDocumentsCannotAnswerACommand() {
        OpMsg request = OpMsg.of(new Document("find", "c").append("$db", "db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplyWriter.encode(request,
                Reply.of(new Document("a", 1), new Document("b", 2)), 1, List.of()));
        assertEquals("expected one document in a reply to OP_MSG, got 2: Reply.of([{\"a\": 1}, {\"b\": 2}])",
                e.getMessage());
    }
}
