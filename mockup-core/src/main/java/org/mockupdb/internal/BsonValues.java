package org.mockupdb.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonNull;
import org.bson.BsonRegularExpression;
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

    /** Strings, code and symbols longer than this many chars are shown abbreviated. */
    static final int MAX_SHOWN_CHARS = 2048;
    /** How many chars of an abbreviated string are shown. */
    static final int ABBREVIATED_CHARS = 512;
    /** Binary data longer than this many bytes is shown abbreviated. */
    static final int MAX_SHOWN_BYTES = 1024;
    /** How many bytes of abbreviated binary data are shown. */
    static final int ABBREVIATED_BYTES = 96;
    /**
     * Documents and arrays nested deeper than this are not shown: deeper than any request can be (mongod's
     * maxBSONDepth is 200), and well within org.bson's JSON writer (1,024 levels) and a thread's stack.
     */
    static final int MAX_SHOWN_DEPTH = 250;

    /** RELAXED, with long strings, code, symbols, patterns and binary data abbreviated. */
    private static final JsonWriterSettings SHOWN = JsonWriterSettings.builder()
            .outputMode(JsonMode.RELAXED)
            .stringConverter((value, writer) -> RELAXED.getStringConverter().convert(abbreviate(value), writer))
            .javaScriptConverter((value, writer) -> RELAXED.getJavaScriptConverter().convert(abbreviate(value), writer))
            .symbolConverter((value, writer) -> RELAXED.getSymbolConverter().convert(abbreviate(value), writer))
            .regularExpressionConverter((value, writer) -> RELAXED.getRegularExpressionConverter().convert(
                    new BsonRegularExpression(abbreviate(value.getPattern()), abbreviate(value.getOptions())), writer))
            .binaryConverter(BsonValues::binary)
            .build();

    /**
     * Relaxed Extended JSON of a document, in its own key order, for messages, {@code toString()} and the
     * transcript. It never throws: strings longer than {@value #MAX_SHOWN_CHARS} chars and binary data longer
     * than {@value #MAX_SHOWN_BYTES} bytes are abbreviated, saying how long they are ({@code "abc...(1048576
     * chars)"}), and documents nested deeper than {@value #MAX_SHOWN_DEPTH} levels are shown as a string that
     * says so.
     */
    public static String json(BsonDocument doc) {
        try {
            BsonDocument shown = needsCopy(doc) ? (BsonDocument) shownCopy(doc, 0) : doc;
            return shown.toJson(SHOWN);
        } catch (RuntimeException e) {
            return "<a document that cannot be shown as JSON: " + e + ">";
        }
    }

    static String abbreviate(String s) {
        if (s == null || s.length() <= MAX_SHOWN_CHARS) {
            return s;
        }
        int cut = ABBREVIATED_CHARS;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "...(" + s.length() + " chars)";
    }

    private static void binary(BsonBinary value, org.bson.json.StrictJsonWriter writer) {
        byte[] data = value.getData();
        if (data.length <= MAX_SHOWN_BYTES) {
            RELAXED.getBinaryConverter().convert(value, writer);
            return;
        }
        writer.writeStartObject();
        writer.writeStartObject("$binary");
        writer.writeString("base64", Base64.getEncoder().encodeToString(Arrays.copyOf(data, ABBREVIATED_BYTES))
                + "...(" + data.length + " bytes)");
        writer.writeString("subType", String.format("%02X", value.getType()));
        writer.writeEndObject();
        writer.writeEndObject();
    }

    /**
     * Whether the document must be copied before it is shown: it nests deeper than {@link #MAX_SHOWN_DEPTH},
     * or holds a long name or a long string that no converter sees (code with scope, a DBPointer). Walks with
     * an explicit stack, so any depth is safe.
     */
    private static boolean needsCopy(BsonDocument doc) {
        Deque<Iterator<? extends BsonValue>> stack = new ArrayDeque<>();
        stack.push(doc.values().iterator());
        if (anyLongName(doc)) {
            return true;
        }
        while (!stack.isEmpty()) {
            Iterator<? extends BsonValue> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                continue;
            }
            BsonValue value = it.next();
            if (value instanceof BsonDocument sub) {
                if (stack.size() >= MAX_SHOWN_DEPTH || anyLongName(sub)) {
                    return true;
                }
                stack.push(sub.values().iterator());
            } else if (value instanceof BsonArray array) {
                if (stack.size() >= MAX_SHOWN_DEPTH) {
                    return true;
                }
                stack.push(array.getValues().iterator());
            } else if (value instanceof BsonJavaScriptWithScope || value instanceof BsonDbPointer) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyLongName(BsonDocument doc) {
        for (String key : doc.keySet()) {
            if (key.length() > MAX_SHOWN_CHARS) {
                return true;
            }
        }
        return false;
    }

    /** A copy to show: names abbreviated, and containers below {@link #MAX_SHOWN_DEPTH} replaced by a note. */
    private static BsonValue shownCopy(BsonValue value, int depth) {
        if (value instanceof BsonDocument doc) {
            if (depth >= MAX_SHOWN_DEPTH) {
                return new BsonString("...(a document of " + doc.size() + " fields nested deeper than "
                        + MAX_SHOWN_DEPTH + " levels, not shown)");
            }
            BsonDocument copy = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
                copy.put(abbreviate(e.getKey()), shownCopy(e.getValue(), depth + 1));
            }
            return copy;
        }
        if (value instanceof BsonArray array) {
            if (depth >= MAX_SHOWN_DEPTH) {
                return new BsonString("...(an array of " + array.size() + " values nested deeper than "
                        + MAX_SHOWN_DEPTH + " levels, not shown)");
            }
            BsonArray copy = new BsonArray(new ArrayList<>(array.size()));
            for (BsonValue v : array) {
                copy.add(shownCopy(v, depth + 1));
            }
            return copy;
        }
        if (value instanceof BsonJavaScriptWithScope code) {
            BsonValue scope = shownCopy(code.getScope(), depth + 1);
            return new BsonJavaScriptWithScope(abbreviate(code.getCode()),
                    scope instanceof BsonDocument d ? d : new BsonDocument("...", scope));
        }
        if (value instanceof BsonDbPointer pointer) {
            return new BsonDbPointer(abbreviate(pointer.getNamespace()), pointer.getId());
        }
        return value;
    }
}
