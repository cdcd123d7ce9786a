package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.Transcript;

/** The router alone: requests built without sockets, replies recorded on them. */
class RouterTest {
    private final List<Router> routers = new ArrayList<>();

    private Router router(int journalLimit, int queueLimit, Duration requestTimeout) {
        Router router = new Router(new Transcript(null, null, true, 1000), journalLimit, queueLimit, requestTimeout, null);
        router.start("test");
        routers.add(router);
        return router;
    }

    private Router router() {
        return router(Integer.MAX_VALUE, 100, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        routers.forEach(Router::stop);
    }

    private static OpMsg command(String name, Object value) {
        return OpMsg.of(new Document(name, value).append("$db", "db"));
    }

    @Test
    void aRequestNoResponderTakesWaitsForTheTest() {
        Router router = router();
        OpMsg find = command("find", "coll");
        router.dispatch(find);
        assertEquals(List.of(find), router.pending());
        assertSame(find, router.await(Spec.any(), Duration.ofSeconds(1), true));
        assertEquals(List.of(), router.pending());
        assertEquals(List.of(find), router.journal());
    }

    @Test
    void respondersAreAskedNewestFirstAndMayPassARequestOn() {
        Router router = router();
        List<String> asked = new ArrayList<>();
        router.addResponder(Spec.command("ping"), r -> {
            asked.add("older");
            return r.ok();
        }, false);
        router.addResponder(Spec.command("ping"), r -> {
            asked.add("newer passes");
            return false;
        }, false);
        OpMsg ping = command("ping", 1);
        router.dispatch(ping);
        assertEquals(List.of("newer passes", "older"), asked);
        assertTrue(ping.response().isPresent());
        assertEquals(List.of(), router.pending());
    }

    @Test
    void aResponderAddedLaterTakesTheMatchingHeadOfTheQueueInOrder() {
        Router router = router();
        OpMsg first = command("count", "a");
        OpMsg second = command("count", "b");
        OpMsg other = command("find", "c");
        router.dispatch(first);
        router.dispatch(second);
        router.dispatch(other);
        List<Request> answered = new ArrayList<>();
        router.addResponder(Spec.command("count"), r -> answered.add(r) && r.ok(), false);
        assertEquals(List.of(first, second), answered);
        assertEquals(List.of(other), router.pending(), "a non-matching request stops the drain");
    }

    @Test
    void aCancelledResponderAnswersNothing() {
        Router router = router();
        Responder responder = router.addResponder(Spec.command("ping"), Request::ok, false);
        responder.cancel();
        assertFalse(responder.isActive());
        OpMsg ping = command("ping", 1);
        router.dispatch(ping);
        assertEquals(List.of(ping), router.pending());
    }

    @Test
    void aResponderThatThrowsIsRecordedAndTheRequestQueued() {
        Router router = router();
        router.addResponder(Spec.command("ping"), r -> {
            throw new IllegalStateException("boom");
        }, false);
        OpMsg ping = command("ping", 1);
        router.dispatch(ping);
        assertEquals(List.of(ping), router.pending());
        assertEquals(1, router.unreported().size());
        AssertionError e = assertThrows(AssertionError.class, () -> router.await(Spec.any(), Duration.ZERO, true));
        assertTrue(e.getMessage().contains("the responder for command \"ping\" threw java.lang.IllegalStateException: "
                + "boom"), e.getMessage());
        assertEquals(List.of(), router.unreported(), "reported once");
        assertEquals(1, router.errors().size(), "still listed");
    }

    @Test
    void theJournalAndTheErrorsKeepOnlyTheLimit() {
        Router router = router(3, 100, Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            router.dispatch(command("ping", i));
            router.record(new ProtocolError(DetachedConnection.INSTANCE, "error " + i, java.time.Instant.now(), null));
        }
        assertEquals(3, router.journal().size());
        assertEquals(10, router.requestCount());
        assertEquals(3, router.errors().size());
        assertEquals("error 9", router.errors().get(2).message());
        assertEquals(3, router.unreported().size());
    }

    @Test
    void aFullQueueRefusesTheNextRequestWithAnErrorReplyAndRecordsIt() {
        Router router = router(Integer.MAX_VALUE, 2, Duration.ZERO);
        router.dispatch(command("find", "a"));
        router.dispatch(command("find", "b"));
        OpMsg third = command("find", "c");
        router.dispatch(third);
        assertEquals(2, router.pending().size());
        Reply reply = (Reply) third.response().orElseThrow();
        assertTrue(reply.errmsg().orElseThrow().startsWith("the request queue is full: 2 requests are waiting"),
                reply.toString());
        assertTrue(router.unreported().get(0).message().contains("MockupServer.Builder.queueLimit"));
    }

    @Test
    void aRequestNobodyTakesIsAnsweredAfterTheTimeoutNamingTheNearestResponder() throws InterruptedException {
        Router router = router(Integer.MAX_VALUE, 100, Duration.ofMillis(100));
        router.addResponder(Spec.command("insert"), Request::ok, false);
        router.addResponder(Spec.command("find").withField("filter", new Document("x", 1)), Request::ok, false);
        OpMsg find = OpMsg.of(new Document("find", "coll").append("filter", new Document("$and", List.of()))
                .append("$db", "db"));
        router.dispatch(find);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!find.isAnswered() && System.nanoTime() < deadline) {
            new CountDownLatch(1).await(10, TimeUnit.MILLISECONDS);
        }
        Reply reply = (Reply) find.response().orElseThrow(() -> new AssertionError("not answered within 10 s"));
        String errmsg = reply.errmsg().orElseThrow();
        assertTrue(errmsg.startsWith("MockupDB answered this request itself after it waited 100 ms"), errmsg);
        assertTrue(errmsg.contains("Nearest responder: command {\"find\": <any value>, \"filter\": {\"x\": 1}}: "
                + "field 'filter.x' is missing, expected 1."), errmsg);
        assertFalse(errmsg.contains("insert"), "a responder for another command is not the nearest: " + errmsg);
        assertEquals(List.of(), router.pending());
        assertEquals(errmsg, router.unreported().get(0).message());
    }

    @Test
    void stopWakesAWaitingTest() throws InterruptedException {
        Router router = router();
        CountDownLatch waiting = new CountDownLatch(1);
        Outcome<Request> outcome = Go.go(() -> {
            waiting.countDown();
            return router.await(Spec.command("ping"), Duration.ofSeconds(30), true);
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        router.stop();
        AssertionError e = assertThrows(AssertionError.class, () -> outcome.get(Duration.ofSeconds(5)));
        assertEquals("expected to receive command \"ping\", but the server stopped", e.getMessage());
    }

    @Test
    void aSecondReplyIsRefusedNamingTheFirst() {
        OpMsg ping = command("ping", 1);
        assertTrue(ping.ok());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ping.commandError(2, "late"));
        assertEquals("expected to answer " + ping + " once, but it was already answered with Reply.ok({}); the "
                + "second response was Reply.commandError(2, \"late\")", e.getMessage());
        assertEquals(Reply.ok().toString(), ping.response().orElseThrow().toString());
    }
}
