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
     */
    Optional<String> mismatch(BsonValue value);

    /** What this condition expects, as it reads inside a spec's description. */
    String description();

    /** The field must not be there. */
    static ValueSpec absent() {
        return Patterns.ABSENT;
    }

    /** The field must be there, with any value. */
    static ValueSpec present() {
        return Patterns.PRESENT;
    }

    /** The field must be there and its value satisfy {@code predicate}. */
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
