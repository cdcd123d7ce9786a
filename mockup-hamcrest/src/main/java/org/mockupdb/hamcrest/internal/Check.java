package org.mockupdb.hamcrest.internal;

import java.util.function.Function;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.mockupdb.Request;

/**
 * One condition of a request matcher: its description, and a function that says why a request
 * fails it (null when it passes).
 */
public record Check(String description, Function<Request, String> mismatch) {

    /** A check that runs any Hamcrest matcher over the whole request. */
    public static Check of(Matcher<? super Request> matcher) {
        return new Check(StringDescription.toString(matcher), request -> {
            if (matcher.matches(request)) {
                return null;
            }
            Description why = new StringDescription();
            matcher.describeMismatch(request, why);
            return why.toString();
        });
    }
}
