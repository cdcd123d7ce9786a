package org.mockupdb;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.BsonValue;
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
