package org.mockupdb.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.mockupdb.Reply;
import org.mockupdb.Request;

/**
 * Serves a fixed list of documents as a server-side cursor: the first batch to the command that
 * opens it, the next batches to getMore, and forgets it on killCursors. Batch sizes follow the
 * client's {@code batchSize} when it gives one, else the configured default.
 */
public final class CursorResponder {
    private static final AtomicLong IDS = new AtomicLong(1_000_000_007L);

    private final List<BsonDocument> documents;
    private final int defaultBatchSize;
    private final Map<Long, Integer> positions = new ConcurrentHashMap<>();

    public CursorResponder(List<BsonDocument> documents, int defaultBatchSize) {
        if (defaultBatchSize < 1) {
            throw new IllegalArgumentException("expected a batch size of 1 or more, got " + defaultBatchSize);
        }
        this.documents = List.copyOf(documents);
        this.defaultBatchSize = defaultBatchSize;
    }

    /** Answers the command that opens the cursor (find, aggregate, listCollections...). */
    public boolean open(Request request) {
        int size = batchSize(request.body(), "batchSize");
        BsonValue cursorOption = request.body().get("cursor");
        if (cursorOption != null && cursorOption.isDocument()) {
            size = batchSize(cursorOption.asDocument(), "batchSize");
        }
        int end = Math.min(size, documents.size());
        long id = end < documents.size() ? IDS.getAndIncrement() : 0L;
        if (id != 0) {
            positions.put(id, end);
        }
        return request.reply(batch(request, id, "firstBatch", 0, end));
    }

    /** Answers a getMore for one of this responder's cursors; false for another cursor. */
    public boolean getMore(Request request) {
        BsonValue idValue = request.body().get(request.commandName().orElse(""));
        if (idValue == null || !idValue.isNumber()) {
            return false;
        }
        long id = idValue.asNumber().longValue();
        Integer from = positions.get(id);
        if (from == null) {
            return false;
        }
        int end = Math.min(from + batchSize(request.body(), "batchSize"), documents.size());
        long next = end < documents.size() ? id : 0L;
        if (next == 0) {
            positions.remove(id);
        } else {
            positions.put(id, end);
        }
        return request.reply(batch(request, next, "nextBatch", from, end));
    }

    /** Answers a killCursors naming this responder's cursors; false when it names none of them. */
    public boolean kill(Request request) {
        BsonValue ids = request.body().get("cursors");
        if (ids == null || !ids.isArray()) {
            return false;
        }
        BsonArray killed = new BsonArray();
        BsonArray notFound = new BsonArray();
        for (BsonValue v : ids.asArray()) {
            if (v.isNumber() && positions.remove(v.asNumber().longValue()) != null) {
                killed.add(new BsonInt64(v.asNumber().longValue()));
            } else {
                notFound.add(v);
            }
        }
        if (killed.isEmpty()) {
            return false;
        }
        return request.reply(Reply.ok(new BsonDocument("cursorsKilled", killed).append("cursorsNotFound", notFound)
                .append("cursorsAlive", new BsonArray()).append("cursorsUnknown", new BsonArray())));
    }

    private int batchSize(BsonDocument doc, String key) {
        BsonValue v = doc.get(key);
        return v != null && v.isNumber() && v.asNumber().intValue() > 0 ? v.asNumber().intValue() : defaultBatchSize;
    }

    private Reply batch(Request request, long id, String name, int from, int to) {
        BsonDocument cursor = new BsonDocument("id", new BsonInt64(id))
                .append("ns", new BsonString(namespace(request)))
                .append(name, new BsonArray(List.copyOf(documents.subList(from, to))));
        return Reply.ok(new BsonDocument("cursor", cursor).append("ok", new BsonInt32(1)));
    }

    private static String namespace(Request request) {
        if (request.commandName().orElse("").equalsIgnoreCase("getMore")) {
            BsonValue coll = request.body().get("collection");
            if (coll != null && coll.isString()) {
                return request.database() + "." + coll.asString().getValue();
            }
        }
        return request.namespace();
    }
}
