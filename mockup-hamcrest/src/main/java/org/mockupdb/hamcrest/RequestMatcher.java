package org.mockupdb.hamcrest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonValue;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.hamcrest.internal.BsonPaths;
import org.mockupdb.hamcrest.internal.Check;
import org.mockupdb.hamcrest.internal.Values;

/**
 * A Hamcrest matcher over requests that is also a {@link Spec}, so it serves in
 * {@code assertThat(request, ...)} and in {@code server.receives(...)} alike. Immutable: each
 * {@code with...} method returns a matcher that also requires what it names.
 *
 * <pre>{@code
 * assertThat(request, isCommand("insert", "coll").withField("ordered", true).lacksField("writeConcern"));
 * server.receives(isCommand("find").withField("filter.x", greaterThan(3)));
 * }</pre>
 *
 * <p>A mismatch names the first condition that failed and shows the request as relaxed JSON:
 * {@code field 'writeConcern.w' was "majority", expected 1}.
 */
public final class RequestMatcher extends TypeSafeDiagnosingMatcher<Request> implements Spec {
    private final List<Check> checks;

    RequestMatcher(List<Check> checks) {
        super(Request.class);
        this.checks = List.copyOf(checks);
    }

    static RequestMatcher of(String description, java.util.function.Function<Request, String> mismatch) {
        return new RequestMatcher(List.of(new Check(description, mismatch)));
    }

    private RequestMatcher and(Check check) {
        List<Check> more = new ArrayList<>(checks);
        more.add(check);
        return new RequestMatcher(more);
    }

    /**
     * Also requires this matcher's conditions.
     *
     * @param other any matcher over requests
     * @return a new matcher with the condition added
     */
    public RequestMatcher and(Matcher<? super Request> other) {
        Objects.requireNonNull(other, "other");
        if (other instanceof RequestMatcher ours) {
            List<Check> more = new ArrayList<>(checks);
            more.addAll(ours.checks);
            return new RequestMatcher(more);
        }
        return and(Check.of(other));
    }

    /**
     * Also requires the body's field at this dotted path ({@code "writeConcern.w"},
     * {@code "documents.0._id"}) to be there and to match: a plain value compares with the spec
     * semantics (documents as subsets, numbers by value), a Hamcrest matcher gets the plain Java
     * value (Integer, String, Document, List...).
     *
     * @param path the dotted path
     * @param valueOrMatcher a plain value or a Hamcrest matcher
     * @return a new matcher with the condition added
     */
    public RequestMatcher withField(String path, Object valueOrMatcher) {
        return and(MockupMatchers.hasField(path, valueOrMatcher));
    }

    /**
     * Also requires the body's field at this dotted path to be there, with any value.
     *
     * @param path the dotted path, {@code "writeConcern.w"}
     * @return a new matcher with the condition added
     */
    public RequestMatcher withField(String path) {
        return and(MockupMatchers.hasField(path));
    }

    /**
     * Also requires the body to have no field at this dotted path.
     *
     * @param path the dotted path, {@code "writeConcern.w"}
     * @return a new matcher with the condition added
     */
    public RequestMatcher withoutField(String path) {
        return and(MockupMatchers.lacksField(path));
    }

    /**
     * Also requires the request to be on this database.
     *
     * @param database the database name
     * @return a new matcher with the condition added
     */
    public RequestMatcher inDatabase(String database) {
        return and(MockupMatchers.inDatabase(database));
    }

    /**
     * Also requires this namespace.
     *
     * @param namespace the namespace, {@code "db.coll"}
     * @return a new matcher with the condition added
     */
    public RequestMatcher onNamespace(String namespace) {
        return and(MockupMatchers.onNamespace(namespace));
    }

    /**
     * Also requires these flag bits (OP_MSG flagBits, or the flags of a legacy message).
     *
     * @param bits the bits that must be set; others may be set too
     * @return a new matcher with the condition added
     */
    public RequestMatcher withFlags(int bits) {
        return and(MockupMatchers.hasFlag(bits));
    }

    /**
     * Also requires the request to have come compressed with this compressor.
     *
     * @param compressor {@code "zlib"}, {@code "snappy"}, {@code "zstd"} or {@code "noop"}
     * @return a new matcher with the condition added
     */
    public RequestMatcher compressedWith(String compressor) {
        return and(MockupMatchers.wasCompressedWith(compressor));
    }

    @Override
    protected boolean matchesSafely(Request request, Description mismatch) {
        String why = firstMismatch(request);
        if (why == null) {
            return true;
        }
        mismatch.appendText(why).appendText("\n     in ").appendText(request.toString());
        return false;
    }

    private String firstMismatch(Request request) {
        for (Check check : checks) {
            String why = check.mismatch().apply(request);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a request: ");
        for (int i = 0; i < checks.size(); i++) {
            description.appendText(i == 0 ? "" : ", ").appendText(checks.get(i).description());
        }
    }

    /**
     * As a {@link Spec}: why the request does not match, without the request itself.
     *
     * @param request a request the server received
     * @return the first condition it fails, or empty when it matches
     */
    @Override
    public Optional<String> mismatch(Request request) {
        return Optional.ofNullable(firstMismatch(request));
    }

    @Override
    public String description() {
        return StringDescription.toString(this);
    }

    /** The value at a path in the request's body, or null. */
    static BsonValue field(Request request, String path) {
        return BsonPaths.at(request.body(), path);
    }
}
