package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.wire.WireMessage;

/** failCommand's parsing and semantics, with requests built without a socket. */
class FailPointsTest {
    private final Transcript transcript = new Transcript(null, null, false, 1000);
    private final Random random = new Random(42);
    private final FailPoints failPoints = new FailPoints(transcript, () -> 25, random, () -> 42L);

    private long configure(String json) {
        return failPoints.configure(BsonDocument.parse(json), 0);
    }

    private static OpMsg msg(String json) {
        return OpMsg.of(BsonDocument.parse(json));
    }

    /** An OP_MSG on a connection whose handshake named this application. */
    private static OpMsg fromApp(String appName, String json) {
        BsonDocument handshake = BsonDocument.parse("{hello: 1, client: {application: {name: '" + appName + "'}}}");
        Connection connection = new Connection() {
            public int id() {
                return 7;
            }

            public Optional<SocketAddress> clientAddress() {
                return Optional.empty();
            }

            public int clientPort() {
                return -1;
            }

            public boolean isOpen() {
                return true;
            }

            public Optional<BsonDocument> handshake() {
                return Optional.of(handshake);
            }

            public void hangUp() {
            }
        };
        Arrival arrival = new Arrival(1, null, connection, ReplyChannel.DETACHED, null, Instant.now());
        return new OpMsg(arrival, new WireMessage.Msg(0, BsonDocument.parse(json), Map.of()));
    }

    /** Runs the request through the interceptor and, when it goes on, answers it ok through the filter. */
    private Response run(Request request) {
        if (failPoints.intercept(request)) {
            return request.response().orElseThrow();
        }
        return failPoints.filter(request, Reply.ok(BsonDocument.parse("{n: 1}")));
    }

    private static Reply error(Response response) {
        Reply reply = assertInstanceOf(Reply.class, response);
        assertEquals(Reply.Kind.COMMAND_ERROR, reply.kind(), "expected a command error, got " + reply);
        return reply;
    }

    @Test
    void errorCodeFailsOnlyTheNamedCommandsWithMongodsMessage() {
        assertEquals(0, configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['insert'], errorCode: 91}}"));
        Reply reply = error(run(msg("{insert: 'c', txnNumber: 1, $db: 'db'}")));
        assertEquals(Optional.of(91), reply.code());
        assertEquals(Optional.of(FailPoints.MESSAGE), reply.errmsg());
        assertEquals(Optional.empty(), reply.errorLabels(), "mongod's own labels are added when sent");
        assertInstanceOf(Reply.class, run(msg("{find: 'c', $db: 'db'}")));
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{find: 'c', $db: 'db'}"))).kind());
    }

    @Test
    void errorLabelsReplaceMongodsOwnAndAnEmptyListSuppressesThem() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['insert'], errorCode: 91, errorLabels: ['Custom']}}");
        assertEquals(Optional.of(List.of("Custom")), error(run(msg("{insert: 'c', $db: 'db'}"))).errorLabels());
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['insert'], errorCode: 91, errorLabels: []}}");
        assertEquals(Optional.of(List.of()), error(run(msg("{insert: 'c', $db: 'db'}"))).errorLabels());
    }

    @Test
    void closeConnectionComesBeforeErrorCodeWhichComesBeforeWriteConcernError() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {failCommands: ['insert'],"
                + " closeConnection: true, errorCode: 2, writeConcernError: {code: 91, errmsg: 'x'}}}");
        assertInstanceOf(Fault.HangUp.class, run(msg("{insert: 'c', $db: 'db'}")));
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {failCommands: ['insert'],"
                + " errorCode: 2, writeConcernError: {code: 91, errmsg: 'x'}}}");
        Reply reply = error(run(msg("{insert: 'c', $db: 'db'}")));
        assertEquals(Optional.of(2), reply.code());
        assertFalse(reply.documents().get(0).containsKey("writeConcernError"), reply.toString());
    }

    @Test
    void writeConcernErrorJoinsAWritesNormalReplyWithMongodsLabel() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {failCommands: ['insert', 'find'],"
                + " writeConcernError: {code: 91, errmsg: 'Replication is being shut down'}}}");
        Reply reply = assertInstanceOf(Reply.class, run(msg("{insert: 'c', txnNumber: 3, $db: 'db'}")));
        BsonDocument doc = reply.documents().get(0);
        assertEquals(BsonDocument.parse("{n: 1, writeConcernError: {code: 91, errmsg: 'Replication is being shut"
                + " down'}, errorLabels: ['RetryableWriteError']}"), doc);
        Reply find = assertInstanceOf(Reply.class, run(msg("{find: 'c', $db: 'db'}")));
        assertFalse(find.documents().get(0).containsKey("writeConcernError"), "find takes no write concern: " + find);
        assertEquals(1, failPoints.timesEntered("failCommand"), "only the insert entered the fail point");
    }

    @Test
    void timesTwoFaultsExactlyTwoAndCountSaysSo() {
        long before = configure("{configureFailPoint: 'failCommand', mode: {times: 2},"
                + " data: {failCommands: ['ping'], errorCode: 1}}");
        error(run(msg("{ping: 1, $db: 'admin'}")));
        error(run(msg("{ping: 1, $db: 'admin'}")));
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{ping: 1, $db: 'admin'}"))).kind());
        assertEquals(before + 2, configure("{configureFailPoint: 'failCommand', mode: 'off'}"));
        assertEquals(before + 2, configure("{configureFailPoint: 'failCommand', mode: 'off'}"),
                "mongod's count is cumulative and never reset");
    }

    @Test
    void skipLetsTheFirstNThrough() {
        configure("{configureFailPoint: 'failCommand', mode: {skip: 2}, data: {failCommands: ['ping'], errorCode: 1}}");
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{ping: 1, $db: 'a'}"))).kind());
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{ping: 1, $db: 'a'}"))).kind());
        error(run(msg("{ping: 1, $db: 'a'}")));
        error(run(msg("{ping: 1, $db: 'a'}")));
    }

    @Test
    void activationProbabilityRepeatsWithTheSameSeed() {
        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        for (List<Boolean> run : List.of(first, second)) {
            random.setSeed(7);
            configure("{configureFailPoint: 'failCommand', mode: {activationProbability: 0.5},"
                    + " data: {failCommands: ['ping'], errorCode: 1}}");
            for (int i = 0; i < 40; i++) {
                run.add(((Reply) run(msg("{ping: 1, $db: 'a'}"))).kind() == Reply.Kind.COMMAND_ERROR);
            }
        }
        assertEquals(first, second);
        long faulted = first.stream().filter(b -> b).count();
        assertTrue(faulted > 5 && faulted < 35, "expected about half of 40 faulted, got " + faulted);
    }

    @Test
    void appNameAndNamespaceSelectTheClientAndCollection() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['find'], errorCode: 2, appName: 'app1', namespace: 'db.c'}}");
        error(run(fromApp("app1", "{find: 'c', $db: 'db'}")));
        assertInstanceOf(Reply.class, run(fromApp("app2", "{find: 'c', $db: 'db'}")));
        assertEquals(Reply.Kind.OK, ((Reply) run(fromApp("app2", "{find: 'c', $db: 'db'}"))).kind());
        assertEquals(Reply.Kind.OK, ((Reply) run(fromApp("app1", "{find: 'd', $db: 'db'}"))).kind());
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{find: 'c', $db: 'db'}"))).kind(), "no handshake, no app");
    }

    @Test
    void configureFailPointItselfIsNeverFailedAndAliasesMatch() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['configureFailPoint', 'isMaster'], errorCode: 2}}");
        assertFalse(failPoints.intercept(msg("{configureFailPoint: 'failCommand', mode: 'off', $db: 'admin'}")));
        error(run(msg("{ismaster: 1, $db: 'admin'}")));
    }

    @Test
    void blockConnectionWithoutBlockTimeMSIsMongodsInvalidOptions() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['ping'], blockConnection: true}}");
        Reply reply = error(run(msg("{ping: 1, $db: 'a'}")));
        assertEquals(Optional.of(72), reply.code());
    }

    @Test
    void blockConnectionDelaysTheErrorOrBlocksBeforeTheRequestGoesOn() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['ping'], blockConnection: true, blockTimeMS: 300, errorCode: 2}}");
        assertEquals(Duration.ofMillis(300), error(run(msg("{ping: 1, $db: 'a'}"))).delay());
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                + " data: {failCommands: ['ping'], blockConnection: true, blockTimeMS: 50}}");
        long start = System.nanoTime();
        assertFalse(failPoints.intercept(msg("{ping: 1, $db: 'a'}")), "the request goes on to the responders");
        assertTrue(System.nanoTime() - start >= 50_000_000L, "blocked at least 50 ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{configureFailPoint: 'failCommand', mode: 'sometimes'} | 2 | unknown mode: sometimes",
        "{configureFailPoint: 'failCommand'} | 20 | you must supply a 'mode'",
        "{configureFailPoint: 'failCommand', mode: 1} | 14 | 'mode' must be a string or JSON object",
        "{configureFailPoint: 'failCommand', mode: {times: 'two'}} | 14 | \"times\"",
        "{configureFailPoint: 'failCommand', mode: {times: -1}} | 2 | 'times' option to 'mode' must be positive",
        "{configureFailPoint: 'failCommand', mode: {skip: 3000000000}} | 2 | 'skip' option to 'mode' is too large",
        "{configureFailPoint: 'failCommand', mode: {activationProbability: 2}} | 2 | between 0.0 and 1.0",
        "{configureFailPoint: 'failCommand', mode: {activationProbability: 'x'}} | 14 | 'activationProbability'",
        "{configureFailPoint: 'failCommand', mode: {often: 1}} | 2 | '{activationProbability:p}'",
        "{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: 3} | 14 | the 'data' option must be a JSON object",
        "{configureFailPoint: 'noSuchFailPoint', mode: 'alwaysOn'} | 266 | noSuchFailPoint not found",
    })
    void aMalformedDocumentGetsMongodsErrorAndLeavesTheFailPointUnchanged(String json, int code, String message) {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {failCommands: ['ping'], errorCode: 1}}");
        FailPoints.Refused refused = assertThrows(FailPoints.Refused.class, () -> configure(json));
        assertEquals(code, refused.code, refused.getMessage());
        assertTrue(refused.getMessage().contains(message), "expected '" + message + "' in " + refused.getMessage());
        error(run(msg("{ping: 1, $db: 'a'}")));
    }

    @Test
    void configureFailPointOverTheWireIsAdminOnlyAndAnswersCount() {
        OpMsg notAdmin = msg("{configureFailPoint: 'failCommand', mode: 'off', $db: 'test'}");
        failPoints.answerConfigure(notAdmin);
        assertEquals(Optional.of(13), error(notAdmin.response().orElseThrow()).code());
        OpMsg admin = msg("{configureFailPoint: 'failCommand', mode: 'off', $db: 'admin'}");
        failPoints.answerConfigure(admin);
        assertEquals(BsonDocument.parse("{count: 0}"), ((Reply) admin.response().orElseThrow()).documents().get(0));
        OpMsg bad = msg("{configureFailPoint: 'failCommand', mode: 'never', $db: 'admin'}");
        failPoints.answerConfigure(bad);
        assertEquals(Optional.of(2), error(bad.response().orElseThrow()).code());
    }

    @Test
    void waitForFailPointWaitsForTheTotalOrFailsWithMaxTimeMSExpired() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {failCommands: ['ping'], errorCode: 1}}");
        run(msg("{ping: 1, $db: 'a'}"));
        OpMsg reached = msg("{waitForFailPoint: 'failCommand', timesEntered: 1, maxTimeMS: 1000, $db: 'admin'}");
        failPoints.answerWait(reached);
        assertEquals(Reply.Kind.OK, ((Reply) reached.response().orElseThrow()).kind());
        OpMsg timedOut = msg("{waitForFailPoint: 'failCommand', timesEntered: 5, maxTimeMS: 50, $db: 'admin'}");
        failPoints.answerWait(timedOut);
        assertEquals(Optional.of(50), error(timedOut.response().orElseThrow()).code());
        OpMsg missing = msg("{waitForFailPoint: 'failCommand', timesEntered: 5, $db: 'admin'}");
        failPoints.answerWait(missing);
        assertTrue(error(missing.response().orElseThrow()).errmsg().orElseThrow().contains("maxTimeMS"));
    }

    @Test
    void withoutFailCommandsNothingFailsAsInMongod() {
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {errorCode: 2}}");
        assertEquals(Reply.Kind.OK, ((Reply) run(msg("{ping: 1, $db: 'a'}"))).kind());
        configure("{configureFailPoint: 'failCommand', mode: 'alwaysOn', data: {errorCode: 2, failAllCommands: true}}");
        error(run(msg("{ping: 1, $db: 'a'}")));
    }
}
