package org.mockupdb.internal;

import java.util.Map;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Conversions between plain Java values and BSON, with the driver's default codecs. */
public final class BsonValues {
    public static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private BsonValues() {
    }

    /** A BSON value for a Java value: a BsonValue as is, a Map or Bson as a document, and so on. */
    public static BsonValue toBsonValue(Object value) {
        if (value == null) {
            return BsonNull.VALUE;
        }
        if (value instanceof BsonValue bson) {
            return bson;
        }
        if (value instanceof String s) {
            return new BsonString(s);
        }
        if (value instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (value instanceof Long l) {
            return new BsonInt64(l);
        }
        if (value instanceof Double d) {
            return new BsonDouble(d);
        }
        if (value instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (value instanceof Bson bson) {
            return toBsonDocument(bson);
        }
        return new Document("v", value).toBsonDocument(BsonDocument.class, Bson.DEFAULT_CODEC_REGISTRY).get("v");
    }

    /** A BsonDocument for a Bson (a Document, a BsonDocument, a filter) or a Map. */
    public static BsonDocument toBsonDocument(Object value) {
        if (value instanceof BsonDocument doc) {
            return doc;
        }
        if (value instanceof BsonDocumentWrapper<?> wrapper) {
            return wrapper;
        }
        if (value instanceof Bson bson) {
            return bson.toBsonDocument(BsonDocument.class, Bson.DEFAULT_CODEC_REGISTRY);
        }
        if (value instanceof Map<?, ?> map) {
            BsonDocument doc = new BsonDocument();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                doc.put(String.valueOf(e.getKey()), toBsonValue(e.getValue()));
            }
            return doc;
        }
        throw new IllegalArgumentException("expected a document (Bson or Map), got " + value.getClass().getName());
    }

    /** Relaxed Extended JSON of a document, in its own key order. */
    public static String json(BsonDocument doc) {
        return doc.toJson(RELAXED);
    }
}
