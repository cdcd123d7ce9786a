package org.mockupdb;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.BsonValue;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.Patterns;

/**
 * A condition on one field's value, for use as a value inside a {@link Spec}'s document:
 * {@code Spec.command("find").withField("filter", ValueSpec.present())}.
 */
public interface ValueSpec {

    /**
     * Why the value does not match, in words that follow "field 'x' ", such as
     * {@code "was 'majority', expected 1"}; empty when it matches.
     *
     * @param value the field's value, or null when the field is absent
     * @return the reason, or empty when the value matches
     */
    Optional<String> mismatch(BsonValue value);

    /** {@return what this condition expects, as it reads inside a spec's description} */
    String description();

    /** {@return a condition that the field is not there} */
    static ValueSpec absent() {
        return Patterns.ABSENT;
    }

    /** {@return a condition that the field is there, with any value} */
    static ValueSpec present() {
        return Patterns.PRESENT;
    }

    /**
     * The value must match {@code expected} as a value inside a spec does: a plain value equal
     * (numbers by value across int32, int64, double and decimal128), a document as a subset, a
     * list element by element, a {@code ValueSpec} as itself.
     */
    static ValueSpec of(Object expected) {
        return Patterns.compile(expected);
    }

    /**
     * The value must equal {@code expected} whole: a document with the same keys (in any order)
     * and values, numbers compared by value across BSON's numeric types.
     */
    static ValueSpec equalTo(Object expected) {
        BsonValue bson = BsonValues.toBsonValue(expected);
        return that(Patterns.json(bson), actual -> Patterns.valuesEqual(bson, actual));
    }

    /**
     * The value must be a document whose field at this dotted path ({@code "cursor.firstBatch.0._id"},
     * numbers index arrays) matches {@code expected} as {@link #of(Object)} says.
     */
    static ValueSpec atPath(String path, Object expected) {
        Objects.requireNonNull(path, "path");
        ValueSpec inner = of(expected);
        return new ValueSpec() {
            @Override
            public Optional<String> mismatch(BsonValue value) {
                if (value == null || !value.isDocument()) {
                    return Optional.of(value == null ? "is missing, expected a document"
                            : "was " + Patterns.json(value) + ", not a document");
                }
                return Optional.ofNullable(Patterns.mismatchAt(inner, path, Patterns.at(value, path)));
            }

            @Override
            public String description() {
                return "a document with '" + path + "': " + inner.description();
            }

            @Override
            public String toString() {
                return description();
            }
        };
    }

    /**
     * The field must be there and its value satisfy {@code predicate}.
     *
     * @param description what the condition expects, for failure messages ("is 3, expected " + description)
     * @param predicate true for a value that matches
     * @return the condition
     */
    static ValueSpec that(String description, Predicate<? super BsonValue> predicate) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
        return new ValueSpec() {
            @Override
            public Optional<String> mismatch(BsonValue value) {
                if (value == null) {
                    return Optional.of("is missing, expected " + description);
                }
                return predicate.test(value) ? Optional.empty()
                        : Optional.of("was " + Patterns.json(value) + ", expected " + description);
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
