package org.mockupdb.hamcrest.internal;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.mockupdb.internal.BsonValues;

/** Dotted paths into BSON values, and BSON values as plain Java values for Hamcrest matchers. */
public final class BsonPaths {
    private static final DocumentCodec DOCUMENTS = new DocumentCodec();

    private BsonPaths() {
    }

    /**
     * The value at a dotted path such as {@code "cursor.firstBatch.0._id"} (numbers index
     * arrays), or null when some step is missing.
     */
    public static BsonValue at(BsonValue root, String path) {
        BsonValue current = root;
        for (String step : path.split("\\.", -1)) {
            if (current == null) {
                return null;
            }
            if (current.isDocument()) {
                current = current.asDocument().get(step);
            } else if (current.isArray() && isIndex(step)) {
                BsonArray array = current.asArray();
                int i = Integer.parseInt(step);
                current = i < array.size() ? array.get(i) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit);
    }

    /**
     * A BSON value as the Java value a driver's Document would hold: Integer, Long, Double,
     * String, Boolean, a Document for a sub-document, a List for an array, and so on.
     */
    public static Object toJava(BsonValue value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            for (BsonValue item : value.asArray()) {
                list.add(toJava(item));
            }
            return list;
        }
        BsonDocument wrapper = new BsonDocument("v", value);
        Document doc = DOCUMENTS.decode(new BsonDocumentReader(wrapper), DecoderContext.builder().build());
        return doc.get("v");
    }

    /** A Java value (a BsonValue, a Document, a Map, a number...) as a BSON value. */
    public static BsonValue toBson(Object value) {
        if (value instanceof BsonValue bson) {
            return bson;
        }
        if (value instanceof Bson) {
            return BsonValues.toBsonDocument(value);
        }
        return BsonValues.toBsonValue(value);
    }
}
