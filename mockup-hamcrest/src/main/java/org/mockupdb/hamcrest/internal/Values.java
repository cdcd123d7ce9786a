package org.mockupdb.hamcrest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.mockupdb.ValueSpec;

/**
 * Expected values that are either plain (handed to the core's specs: subsets for documents,
 * numbers by value) or Hamcrest matchers (given the plain Java value a driver's Document holds).
 */
public final class Values {
    private static final DocumentCodec DOCUMENTS = new DocumentCodec();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();

    private Values() {
    }

    /** A Hamcrest matcher as a core value condition; a plain value as it is, for the spec to compile. */
    public static Object toSpecValue(Object valueOrMatcher) {
        return valueOrMatcher instanceof Matcher<?> matcher ? asValueSpec(matcher) : valueOrMatcher;
    }

    /** A core value condition that hands the plain Java value to a Hamcrest matcher. */
    public static ValueSpec asValueSpec(Matcher<?> matcher) {
        Objects.requireNonNull(matcher, "matcher");
        return new ValueSpec() {
            @Override
            public Optional<String> mismatch(BsonValue value) {
                if (value == null) {
                    return Optional.of("is missing, expected " + description());
                }
                Object plain = toJava(value);
                if (matcher.matches(plain)) {
                    return Optional.empty();
                }
                Description why = new StringDescription();
                matcher.describeMismatch(plain, why);
                return Optional.of("was " + json(value) + ", expected " + description() + " (" + why + ")");
            }

            @Override
            public String description() {
                return StringDescription.toString(matcher);
            }

            @Override
            public String toString() {
                return description();
            }
        };
    }

    /**
     * Why the value at {@code path} does not meet the expectation, starting "field 'path' ", or
     * null when it does. {@code actual} is null when the field is absent.
     */
    public static String mismatch(String path, BsonValue actual, Object expected) {
        ValueSpec spec = ValueSpec.of(toSpecValue(expected));
        return spec.mismatch(actual).map(why -> "field '" + path + "' " + why).orElse(null);
    }

    /** Relaxed Extended JSON of one value. */
    public static String json(BsonValue value) {
        if (value.isDocument()) {
            return value.asDocument().toJson(RELAXED);
        }
        String wrapped = new BsonDocument("v", value).toJson(RELAXED);
        return wrapped.substring(wrapped.indexOf(':') + 2, wrapped.length() - 1);
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
        return DOCUMENTS.decode(new BsonDocumentReader(wrapper), DecoderContext.builder().build()).get("v");
    }

    /** A Java value (a BsonValue, a Document, a Map, a number...) as a BSON value. */
    public static BsonValue toBson(Object value) {
        if (value instanceof BsonValue bson) {
            return bson;
        }
        if (value instanceof Bson bson) {
            return bson.toBsonDocument(BsonDocument.class, Bson.DEFAULT_CODEC_REGISTRY);
        }
        return new Document("v", value).toBsonDocument(BsonDocument.class, Bson.DEFAULT_CODEC_REGISTRY).get("v");
    }
}
