package org.mockupdb.standalone.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.mockupdb.Fault;
import org.mockupdb.Reply;
import org.mockupdb.Response;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * One rule of a {@link Scenario}: a spec, what to answer, and how many uses it has left.
 *
 * <p>Uses are claimed atomically, so that when connections race for a rule with {@code times: n},
 * exactly n requests get its answer. A cursor rule keeps the position of each cursor it opened
 * and answers their getMores and killCursors itself; those are not uses.
 */
final class ScenarioRule {
    /** Cursor ids no client confuses with another server's: far from 0 and from small numbers. */
    private static final AtomicLong CURSOR_IDS = new AtomicLong(7_000_000_001L);

    private final int index;
    private final Spec spec;
    private final Response reply;
    private final List<BsonDocument> documents;
    private final int batchSize;
    private final Duration delay;
    /** Uses left; negative for a rule that never retires. */
    private final AtomicInteger left;
    private final Map<Long, Integer> cursors = new ConcurrentHashMap<>();

    private ScenarioRule(int index, Spec spec, Response reply, List<BsonDocument> documents, int batchSize, Duration delay,
            int times) {
        this.index = index;
        this.spec = spec;
        this.reply = reply;
        this.documents = documents == null ? null : List.copyOf(documents);
        this.batchSize = batchSize;
        this.delay = delay;
        this.left = new AtomicInteger(times);
    }

    /** A rule that answers with {@code reply} (a document, an error or a fault). */
    static ScenarioRule replying(int index, Spec spec, Response reply, Duration delay, int times) {
        return new ScenarioRule(index, spec, delayed(reply, delay), null, 0, delay, times);
    }

    private static Response delayed(Response response, Duration delay) {
        if (delay.isZero()) {
            return response;
        }
        if (response instanceof Reply reply) {
            return reply.delayedBy(delay);
        }
        if (response instanceof Fault.HangUp hangUp) {
            return hangUp.delayedBy(delay);
        }
        if (response instanceof Fault.Reset reset) {
            return reset.delayedBy(delay);
        }
        if (response instanceof Fault.CutReply cut) {
            return cut.reply().delayedBy(delay).cutAfter(cut.bytes());
        }
        throw new IllegalArgumentException("expected a reply or a fault that can be delayed, got " + response);
    }

    /** A rule that serves {@code documents} as a cursor, in batches of the client's batchSize or of {@code batchSize}. */
    static ScenarioRule cursor(int index, Spec spec, List<BsonDocument> documents, int batchSize, Duration delay,
            int times) {
        return new ScenarioRule(index, spec, null, documents, batchSize, delay, times);
    }

    Spec spec() {
        return spec;
    }

    /** The reply of a reply, error or fault rule; null for a cursor rule. */
    Response reply() {
        return reply;
    }

    /** The documents of a cursor rule; null for the others. */
    List<BsonDocument> documents() {
        return documents;
    }

    int batchSize() {
        return batchSize;
    }

    Duration delay() {
        return delay;
    }

    /** Uses left, or -1 for a rule that never retires. */
    int usesLeft() {
        return left.get();
    }

    /** Whether this rule might answer the request: it matches, or it is a getMore or killCursors of this rule's cursor. */
    boolean concerns(Request request) {
        return ownsCursorOf(request) || left.get() != 0 && spec.matches(request);
    }

    /** Answers the request if this rule is for it and has a use left (claiming it); false to pass it on. */
    boolean tryAnswer(Request request) {
        if (ownsCursorOf(request)) {
            return command(request).equals("getmore") ? getMore(request) : killCursors(request);
        }
        if (!spec.matches(request) || !claimUse()) {
            return false;
        }
        return documents != null ? open(request) : request.reply(reply);
    }

    private boolean claimUse() {
        while (true) {
            int n = left.get();
            if (n == 0) {
                return false;
            }
            if (n < 0 || left.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------ cursors

    private static String command(Request request) {
        return request.commandName().orElse("").toLowerCase(Locale.ROOT);
    }

    private boolean ownsCursorOf(Request request) {
        if (documents == null || cursors.isEmpty()) {
            return false;
        }
        String name = command(request);
        if (name.equals("getmore")) {
            BsonValue id = request.body().get(request.commandName().orElseThrow());
            return id != null && id.isNumber() && cursors.containsKey(id.asNumber().longValue());
        }
        if (name.equals("killcursors")) {
            BsonValue ids = request.body().get("cursors");
            return ids != null && ids.isArray() && ids.asArray().stream()
                    .anyMatch(id -> id.isNumber() && cursors.containsKey(id.asNumber().longValue()));
        }
        return false;
    }

    private boolean open(Request request) {
        BsonDocument body = request.body();
        BsonValue options = body.get("cursor");
        int size = batchSize(options != null && options.isDocument() ? options.asDocument() : body);
        int end = Math.min(size, documents.size());
        long id = end < documents.size() ? CURSOR_IDS.getAndIncrement() : 0;
        if (id != 0) {
            cursors.put(id, end);
        }
        Reply first = batch(request.namespace(), id, "firstBatch", 0, end);
        return request.reply(delay.isZero() ? first : first.delayedBy(delay));
    }

    private boolean getMore(Request request) {
        long id = request.body().get(request.commandName().orElseThrow()).asNumber().longValue();
        Integer from = cursors.get(id);
        if (from == null) {
            return false;
        }
        int end = Math.min(from + batchSize(request.body()), documents.size());
        long next = end < documents.size() ? id : 0;
        if (next == 0) {
            cursors.remove(id);
        } else {
            cursors.put(id, end);
        }
        BsonValue collection = request.body().get("collection");
        String ns = collection != null && collection.isString()
                ? request.database() + "." + collection.asString().getValue() : request.namespace();
        return request.reply(batch(ns, next, "nextBatch", from, end));
    }

    private boolean killCursors(Request request) {
        BsonArray killed = new BsonArray();
        BsonArray notFound = new BsonArray();
        for (BsonValue id : request.body().getArray("cursors")) {
            if (id.isNumber() && cursors.remove(id.asNumber().longValue()) != null) {
                killed.add(new BsonInt64(id.asNumber().longValue()));
            } else {
                notFound.add(id);
            }
        }
        return request.reply(Reply.ok(new BsonDocument("cursorsKilled", killed).append("cursorsNotFound", notFound)
                .append("cursorsAlive", new BsonArray()).append("cursorsUnknown", new BsonArray())));
    }

    private int batchSize(BsonDocument options) {
        BsonValue asked = options.get("batchSize");
        return asked != null && asked.isNumber() && asked.asNumber().intValue() > 0
                ? asked.asNumber().intValue() : batchSize;
    }

    private Reply batch(String ns, long id, String name, int from, int to) {
        return Reply.ok(new BsonDocument("cursor", new BsonDocument("id", new BsonInt64(id))
                .append("ns", new BsonString(ns))
                .append(name, new BsonArray(List.copyOf(documents.subList(from, to))))));
    }

    @Override
    public String toString() {
        String what = documents != null ? "a cursor of " + documents.size() + " documents" : String.valueOf(reply);
        return "rule " + index + ": " + spec.description() + " -> " + what
                + (left.get() < 0 ? "" : " (" + left.get() + " uses left)");
    }
}
