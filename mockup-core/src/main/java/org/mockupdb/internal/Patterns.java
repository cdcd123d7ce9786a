package org.mockupdb.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.mockupdb.ValueSpec;

/**
 * The matching semantics of message specs: a document matches when its keys are a subset of
 * the actual document's, recursively; arrays match element by element and must have the same
 * length; numbers compare by value across int32, int64, double and decimal128; dates at
 * millisecond precision; key order only when asked.
 */
public final class Patterns {
    private Patterns() {
    }

    /** A value pattern that knows where it sits, so a mismatch can name the field's path. */
    public abstract static class Pattern implements ValueSpec {
        /**
         * Why {@code actual} does not match, starting with "field 'path' ", or null when it does.
         * {@code actual} is null when the field is absent.
         */
        public abstract String mismatchAt(String path, BsonValue actual);

        @Override
        public Optional<String> mismatch(BsonValue value) {
            String why = mismatchAt("", value);
            return Optional.ofNullable(why);
        }

        @Override
        public String toString() {
            return description();
        }
    }

    public static final Pattern ABSENT = new Pattern() {
        @Override
        public String mismatchAt(String path, BsonValue actual) {
            return actual == null ? null : subject(path) + "is present (" + json(actual) + "), expected it absent";
        }

        @Override
        public String description() {
            return "<absent>";
        }
    };

    public static final Pattern PRESENT = new Pattern() {
        @Override
        public String mismatchAt(String path, BsonValue actual) {
            return actual != null ? null : subject(path) + "is missing, expected any value";
        }

        @Override
        public String description() {
            return "<any value>";
        }
    };

    /** Compiles a Java value (a ValueSpec, Map, Bson, List, array, BsonValue or scalar) into a pattern. */
    public static ValueSpec compile(Object value) {
        if (value instanceof ValueSpec spec) {
            return spec;
        }
        if (value instanceof Map<?, ?> map) {
            return document(stringKeys(map), false);
        }
        if (value instanceof Bson) {
            return document(BsonValues.toBsonDocument(value), false);
        }
        if (value instanceof BsonArray array) {
            return array(new ArrayList<>(array));
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> items = new ArrayList<>();
            iterable.forEach(items::add);
            return array(items);
        }
        if (value instanceof Object[] items) {
            return array(java.util.Arrays.asList(items));
        }
        return new Exact(BsonValues.toBsonValue(value));
    }

    /** The map's entries with their keys as strings, in the map's order; Bson that is no Map is encoded first. */
    public static Map<String, Object> stringKeys(Object source) {
        Map<?, ?> map = source instanceof Map<?, ?> m ? m : BsonValues.toBsonDocument(source);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            fields.put(String.valueOf(e.getKey()), e.getValue());
        }
        return fields;
    }

    /** A document pattern from a Map-like source whose values may be ValueSpecs. */
    public static DocumentPattern document(Map<String, ?> fields, boolean ordered) {
        LinkedHashMap<String, ValueSpec> compiled = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            compiled.put(e.getKey(), compile(e.getValue()));
        }
        return new DocumentPattern(compiled, ordered);
    }

    public static ArrayPattern array(List<?> items) {
        List<ValueSpec> compiled = new ArrayList<>(items.size());
        for (Object item : items) {
            compiled.add(compile(item));
        }
        return new ArrayPattern(compiled);
    }

    /** Runs any ValueSpec at a path: ours name the path themselves, a user's gets it prefixed. */
    public static String mismatchAt(ValueSpec spec, String path, BsonValue actual) {
        if (spec instanceof Pattern pattern) {
            return pattern.mismatchAt(path, actual);
        }
        return spec.mismatch(actual).map(why -> subject(path) + why).orElse(null);
    }

    /** A document matches when every field of the pattern matches the same field of the actual one. */
    public static final class DocumentPattern extends Pattern {
        private final Map<String, ValueSpec> fields;
        private final boolean ordered;

        DocumentPattern(LinkedHashMap<String, ValueSpec> fields, boolean ordered) {
            this.fields = Collections.unmodifiableMap(fields);
            this.ordered = ordered;
        }

        public Map<String, ValueSpec> fields() {
            return fields;
        }

        public boolean isEmpty() {
            return fields.isEmpty();
        }

        /** The same fields, with their order now required (or no longer required). */
        public DocumentPattern ordered(boolean required) {
            return new DocumentPattern(new LinkedHashMap<>(fields), required);
        }

        /** These fields and then {@code more}, a later value replacing an earlier one. */
        public DocumentPattern with(Map<String, ValueSpec> more) {
            LinkedHashMap<String, ValueSpec> merged = new LinkedHashMap<>(fields);
            merged.putAll(more);
            return new DocumentPattern(merged, ordered);
        }

        @Override
        public String mismatchAt(String path, BsonValue actual) {
            if (actual == null) {
                return subject(path) + "is missing, expected " + description();
            }
            if (!actual.isDocument()) {
                return subject(path) + "was " + json(actual) + ", expected a document " + description();
            }
            BsonDocument doc = actual.asDocument();
            for (Map.Entry<String, ValueSpec> e : fields.entrySet()) {
                String why = Patterns.mismatchAt(e.getValue(), join(path, e.getKey()), doc.get(e.getKey()));
                if (why != null) {
                    return why;
                }
            }
            if (ordered) {
                return orderMismatch(path, doc);
            }
            return null;
        }

        private String orderMismatch(String path, BsonDocument doc) {
            List<String> actualOrder = new ArrayList<>();
            for (String key : doc.keySet()) {
                if (fields.containsKey(key) && fields.get(key) != ABSENT) {
                    actualOrder.add(key);
                }
            }
            Iterator<String> actual = actualOrder.iterator();
            for (Map.Entry<String, ValueSpec> e : fields.entrySet()) {
                if (e.getValue() == ABSENT) {
                    continue;
                }
                String got = actual.next();
                if (!got.equals(e.getKey())) {
                    return (path.isEmpty() ? "fields" : "fields of '" + path + "'") + " are in the order "
                            + actualOrder + ", expected " + e.getKey() + " where " + got + " is";
                }
            }
            return null;
        }

        @Override
        public String description() {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<String, ValueSpec> e : fields.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('"').append(e.getKey()).append("\": ").append(e.getValue().description());
            }
            return sb.append(ordered && fields.size() > 1 ? "} in this order" : "}").toString();
        }
    }

    /** An array matches element by element and must have the same length. */
    public static final class ArrayPattern extends Pattern {
        private final List<ValueSpec> items;

        ArrayPattern(List<ValueSpec> items) {
            this.items = List.copyOf(items);
        }

        /** Matches a list of documents, such as a request's documents, with paths like {@code documents.0._id}. */
        public String mismatchOfList(String path, List<? extends BsonValue> actual) {
            return mismatchAt(path, new BsonArray(new ArrayList<>(actual)));
        }

        @Override
        public String mismatchAt(String path, BsonValue actual) {
            if (actual == null) {
                return subject(path) + "is missing, expected " + description();
            }
            if (!actual.isArray()) {
                return subject(path) + "was " + json(actual) + ", expected an array " + description();
            }
            BsonArray array = actual.asArray();
            if (array.size() != items.size()) {
                return subject(path) + "has " + array.size() + " element" + (array.size() == 1 ? "" : "s")
                        + ", expected " + items.size() + ": " + json(array) + " against " + description();
            }
            for (int i = 0; i < items.size(); i++) {
                String why = Patterns.mismatchAt(items.get(i), join(path, Integer.toString(i)), array.get(i));
                if (why != null) {
                    return why;
                }
            }
            return null;
        }

        @Override
        public String description() {
            StringBuilder sb = new StringBuilder("[");
            for (ValueSpec item : items) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(item.description());
            }
            return sb.append(']').toString();
        }
    }

    /** A scalar value, equal by BSON value with numbers compared across types. */
    public static final class Exact extends Pattern {
        private final BsonValue expected;

        Exact(BsonValue expected) {
            this.expected = expected;
        }

        @Override
        public String mismatchAt(String path, BsonValue actual) {
            if (actual == null) {
                return subject(path) + "is missing, expected " + description();
            }
            return valuesEqual(expected, actual) ? null
                    : subject(path) + "was " + json(actual) + ", expected " + description();
        }

        @Override
        public String description() {
            return json(expected);
        }
    }

    /** BSON equality with numbers compared by value across int32, int64, double and decimal128. */
    public static boolean valuesEqual(BsonValue expected, BsonValue actual) {
        if (isNumeric(expected) && isNumeric(actual)) {
            return numbersEqual(expected, actual);
        }
        if (expected.isDocument() && actual.isDocument()) {
            BsonDocument e = expected.asDocument();
            BsonDocument a = actual.asDocument();
            if (e.size() != a.size()) {
                return false;
            }
            for (Map.Entry<String, BsonValue> entry : e.entrySet()) {
                BsonValue other = a.get(entry.getKey());
                if (other == null || !valuesEqual(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray() && actual.isArray()) {
            BsonArray e = expected.asArray();
            BsonArray a = actual.asArray();
            if (e.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!valuesEqual(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static boolean isNumeric(BsonValue v) {
        return v.isInt32() || v.isInt64() || v.isDouble() || v.isDecimal128();
    }

    private static boolean numbersEqual(BsonValue a, BsonValue b) {
        BigDecimal x = finite(a);
        BigDecimal y = finite(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        if (x != null || y != null) {
            return false;
        }
        return special(a).equals(special(b));
    }

    /** The value as a BigDecimal, or null for NaN and the infinities. */
    private static BigDecimal finite(BsonValue v) {
        if (v.isInt32()) {
            return BigDecimal.valueOf(v.asInt32().getValue());
        }
        if (v.isInt64()) {
            return BigDecimal.valueOf(v.asInt64().getValue());
        }
        if (v.isDouble()) {
            double d = v.asDouble().getValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        Decimal128 d = v.asDecimal128().getValue();
        if (d.isNaN() || d.isInfinite()) {
            return null;
        }
        try {
            return d.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return BigDecimal.ZERO;
        }
    }

    private static String special(BsonValue v) {
        if (v.isDouble()) {
            double d = v.asDouble().getValue();
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        Decimal128 d = v.asDecimal128().getValue();
        return d.isNaN() ? "NaN" : d.isNegative() ? "-Infinity" : "Infinity";
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
                org.bson.BsonArray array = current.asArray();
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

    /** Relaxed Extended JSON of one value. */
    public static String json(BsonValue value) {
        if (value.isDocument()) {
            return value.asDocument().toJson(BsonValues.RELAXED);
        }
        String wrapped = new BsonDocument("v", value).toJson(BsonValues.RELAXED);
        // {"v": <value>}
        return wrapped.substring(wrapped.indexOf(':') + 2, wrapped.length() - 1);
    }

    private static String subject(String path) {
        return path.isEmpty() ? "the value " : "field '" + path + "' ";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
