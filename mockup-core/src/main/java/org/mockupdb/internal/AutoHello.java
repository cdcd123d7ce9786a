package org.mockupdb.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.RequestHandler;
import org.mockupdb.Spec;
import org.mockupdb.internal.wire.Compressor;

/**
 * Answers {@code hello}, {@code isMaster} and {@code ismaster} as a real server does: the
 * writable-primary flag under the name the client's command uses, helloOk when asked, the
 * limits, the wire versions, and only those compressors the client listed, in its order.
 */
public final class AutoHello implements RequestHandler {
    /** MongoDB 8.0's maxWireVersion. */
    public static final int DEFAULT_MAX_WIRE_VERSION = 25;

    public static final Spec SPEC = Spec.matching("hello or isMaster", AutoHello::isHello);

    /** MongoDB 8.0's fields with minWireVersion 0: shared by every server until one changes a field. */
    private static final Map<String, BsonValue> DEFAULTS = defaults(0, DEFAULT_MAX_WIRE_VERSION);

    private final Object lock = new Object();
    /** {@link #DEFAULTS} until a field is set or removed, then this server's own copy. */
    private Map<String, BsonValue> fields;
    private volatile boolean writablePrimary = true;
    /** Changes each reply before it goes out (authentication's fields), or null. */
    private volatile BiFunction<Request, BsonDocument, BsonDocument> extension;

    public AutoHello(int minWireVersion, int maxWireVersion) {
        fields = minWireVersion == 0 && maxWireVersion == DEFAULT_MAX_WIRE_VERSION
                ? DEFAULTS : defaults(minWireVersion, maxWireVersion);
    }

    private static Map<String, BsonValue> defaults(int minWireVersion, int maxWireVersion) {
        Map<String, BsonValue> fields = new LinkedHashMap<>();
        fields.put("maxBsonObjectSize", new BsonInt32(16 * 1024 * 1024));
        fields.put("maxMessageSizeBytes", new BsonInt32(48_000_000));
        fields.put("maxWriteBatchSize", new BsonInt32(100_000));
        fields.put("localTime", null);
        fields.put("logicalSessionTimeoutMinutes", new BsonInt32(30));
        fields.put("connectionId", null);
        fields.put("minWireVersion", new BsonInt32(minWireVersion));
        fields.put("maxWireVersion", new BsonInt32(maxWireVersion));
        fields.put("readOnly", BsonBoolean.FALSE);
        return fields;
    }

    /** This server's own fields, copied from the shared defaults on the first change. Holds the lock. */
    private Map<String, BsonValue> own() {
        if (fields == DEFAULTS) {
            fields = new LinkedHashMap<>(DEFAULTS);
        }
        return fields;
    }

    public static boolean isHello(Request request) {
        String name = request.commandName().orElse("");
        return name.equalsIgnoreCase("hello") || name.equalsIgnoreCase("ismaster");
    }

    /** Sets a field of the reply; {@code isWritablePrimary} and {@code ismaster} set the same flag. */
    public void set(String key, BsonValue value) {
        if (key.equalsIgnoreCase("ismaster") || key.equals("isWritablePrimary")) {
            writablePrimary = value.isBoolean() && value.asBoolean().getValue();
            return;
        }
        synchronized (lock) {
            own().put(key, value);
        }
    }

    /**
     * Has {@code extension} change each reply document before it goes out, returning the
     * document to send (the same one with fields added, or an error reply in its place): how
     * authentication adds {@code saslSupportedMechs} and {@code speculativeAuthenticate}.
     */
    public void setExtension(BiFunction<Request, BsonDocument, BsonDocument> extension) {
        this.extension = extension;
    }

    /** Removes a field from the reply. */
    public void remove(String key) {
        synchronized (lock) {
            own().remove(key);
        }
    }

    /** The value a field has now, or null. */
    public BsonValue get(String key) {
        synchronized (lock) {
            return fields.get(key);
        }
    }

    @Override
    public boolean handle(Request request) {
        return request.reply(Reply.of(replyTo(request)));
    }

    /** The reply document for this hello request. */
    public BsonDocument replyTo(Request request) {
        BsonDocument body = request.body();
        BsonDocument doc = new BsonDocument();
        if (body.getBoolean("helloOk", BsonBoolean.FALSE).getValue()) {
            doc.put("helloOk", BsonBoolean.TRUE);
        }
        boolean legacy = !request.commandName().orElse("").equals("hello");
        doc.put(legacy ? "ismaster" : "isWritablePrimary", BsonBoolean.valueOf(writablePrimary));
        synchronized (lock) {
            for (Map.Entry<String, BsonValue> e : fields.entrySet()) {
                BsonValue value = e.getValue();
                if (value == null) {
                    value = switch (e.getKey()) {
                        case "localTime" -> new BsonDateTime(System.currentTimeMillis());
                        case "connectionId" -> new BsonInt32(request.connection().id());
                        default -> null;
                    };
                }
                if (value != null) {
                    doc.put(e.getKey(), value);
                }
            }
        }
        BsonArray compression = agreedCompressors(body);
        if (!compression.isEmpty()) {
            doc.put("compression", compression);
        }
        if (!doc.containsKey("ok")) {
            doc.put("ok", new BsonInt32(1));
        }
        BiFunction<Request, BsonDocument, BsonDocument> extend = extension;
        return extend == null ? doc : extend.apply(request, doc);
    }

    private static BsonArray agreedCompressors(BsonDocument body) {
        BsonArray agreed = new BsonArray();
        BsonValue asked = body.get("compression");
        if (asked == null || !asked.isArray()) {
            return agreed;
        }
        for (BsonValue name : asked.asArray()) {
            if (name.isString() && !agreed.contains(name)) {
                Compressor.byName(name.asString().getValue())
                        .filter(Compressor::isSupported)
                        .ifPresent(c -> agreed.add(new BsonString(c.wireName())));
            }
        }
        return agreed;
    }
}
