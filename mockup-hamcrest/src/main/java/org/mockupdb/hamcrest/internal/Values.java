package org.mockupdb.hamcrest.internal;

import org.bson.BsonValue;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.mockupdb.ValueSpec;
import org.mockupdb.internal.Patterns;

/**
 * Expected values that are either plain (compared with the spec semantics: subsets for
 * documents, numbers by value) or Hamcrest matchers (given the plain Java value).
 */
public final class Values {
    private Values() {
    }

    /** How the expectation reads in a description. */
    public static String describe(Object expected) {
        if (expected instanceof Matcher<?> matcher) {
            return StringDescription.toString(matcher);
        }
        return Patterns.compile(expected).description();
    }

    /**
     * Why the value at {@code path} does not meet the expectation, starting "field 'path' ", or
     * null when it does. {@code actual} is null when the field is absent.
     */
    public static String mismatch(String path, BsonValue actual, Object expected) {
        if (expected instanceof Matcher<?> matcher) {
            if (actual == null) {
                return "field '" + path + "' is missing, expected " + describe(expected);
            }
            Object value = BsonPaths.toJava(actual);
            if (matcher.matches(value)) {
                return null;
            }
            Description why = new StringDescription();
            matcher.describeMismatch(value, why);
            return "field '" + path + "' was " + Patterns.json(actual) + ", expected " + describe(expected)
                    + " (" + why + ")";
        }
        ValueSpec spec = Patterns.compile(expected);
        return Patterns.mismatchAt(spec, path, actual);
    }
}
