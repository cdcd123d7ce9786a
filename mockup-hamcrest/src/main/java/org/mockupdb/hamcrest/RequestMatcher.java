package org.mockupdb.hamcrest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.mockupdb.Connection;
import org.mockupdb.MessageSpec;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.hamcrest.internal.Check;
import org.mockupdb.hamcrest.internal.Values;

/**
 * A Hamcrest matcher over requests that is also a {@link Spec}, so it serves in
 * {@code assertThat(request, ...)} and in {@code server.receives(...)} alike. It is a thin adapter
 * over the core's {@link MessageSpec}: a field, a namespace or a flag matches here exactly as it
 * does in a spec, and only what a spec cannot say (a Hamcrest matcher over the whole request, a
 * getMore in either protocol, a connection) is checked beside it. Immutable: each chained method
 * returns a matcher that also requires what it names; the chained methods have the names of the
 * static ones in {@link MockupMatchers}.
 *
 * <pre>{@code
 * assertThat(request, isCommand("insert", "coll").withField("ordered", true).withoutField("writeConcern"));
 * server.receives(isCommand("find").withField("filter.x", greaterThan(3)));
 * }</pre>
 *
 * <p>A mismatch names the first condition that failed and shows the request as relaxed JSON:
 * {@code field 'writeConcern.w' was "majority", expected 1}.
 */
public final class RequestMatcher extends TypeSafeDiagnosingMatcher<Request> implements Spec {
    private final MessageSpec spec;
    private final List<Check> beside;

    RequestMatcher(MessageSpec spec, List<Check> beside) {
        super(Request.class);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.beside = List.copyOf(beside);
    }

    static RequestMatcher of(MessageSpec spec) {
        return new RequestMatcher(spec, List.of());
    }

    static RequestMatcher of(Check check) {
        return new RequestMatcher(Spec.any(), List.of(check));
    }

    private RequestMatcher with(MessageSpec more) {
        return new RequestMatcher(more, beside);
    }

    private RequestMatcher and(Check check) {
        List<Check> more = new ArrayList<>(beside);
        more.add(check);
        return new RequestMatcher(spec, more);
    }

    /** The core spec this matcher adapts (without the conditions only Hamcrest can check). */
    public MessageSpec spec() {
        return spec;
    }

    /** Also requires this matcher's conditions. */
    public RequestMatcher and(Matcher<? super Request> other) {
        Objects.requireNonNull(other, "other");
        if (other instanceof RequestMatcher ours) {
            List<Check> more = new ArrayList<>(beside);
            if (ours.spec != Spec.any() || ours.beside.isEmpty()) {
                more.add(new Check(ours.spec.description(), request -> ours.spec.mismatch(request).orElse(null)));
            }
            more.addAll(ours.beside);
            return new RequestMatcher(spec, more);
        }
        return and(Check.of(other));
    }

    /**
     * Also requires the body's field at this dotted path ({@code "writeConcern.w"},
     * {@code "documents.0._id"}) to match, as {@link MessageSpec#withField(String, Object)} says; a
     * Hamcrest matcher gets the plain Java value (Integer, String, Document, List...).
     */
    public RequestMatcher withField(String path, Object valueOrMatcher) {
        return with(spec.withField(path, Values.toSpecValue(valueOrMatcher)));
    }

    /** Also requires the body's field at this dotted path to be there, with any value. */
    public RequestMatcher withField(String path) {
        return with(spec.withField(path));
    }

    /** Also requires the body to have no field at this dotted path. */
    public RequestMatcher withoutField(String path) {
        return with(spec.withoutField(path));
    }

    /** Also requires the request to be on this database. */
    public RequestMatcher inDatabase(String database) {
        return with(spec.inDatabase(database));
    }

    /** Also requires this namespace ({@code "db.coll"}). */
    public RequestMatcher onNamespace(String namespace) {
        return with(spec.onNamespace(namespace));
    }

    /** Also requires these flag bits. */
    public RequestMatcher withFlags(int bits) {
        return with(spec.withFlags(bits));
    }

    /** Also requires the request to have come compressed with this compressor. */
    public RequestMatcher compressedWith(String compressor) {
        return with(spec.compressedWith(compressor));
    }

    /** Also requires an OP_MSG document sequence of this identifier. */
    public RequestMatcher withDocumentSequence(String identifier) {
        return and(MockupMatchers.sequenceCheck(identifier, null));
    }

    /** Also requires an OP_MSG document sequence of this identifier whose documents match. */
    public RequestMatcher withDocumentSequence(String identifier, Matcher<?> documents) {
        return and(MockupMatchers.sequenceCheck(identifier, documents));
    }

    /** Also requires the request to have come on this connection. */
    public RequestMatcher fromConnection(Connection connection) {
        return fromConnection(connection.id());
    }

    /** Also requires the request to have come on the connection with this id. */
    public RequestMatcher fromConnection(int connectionId) {
        return and(MockupMatchers.connectionCheck(connectionId));
    }

    @Override
    protected boolean matchesSafely(Request request, Description mismatch) {
        Optional<String> why = mismatch(request);
        if (why.isEmpty()) {
            return true;
        }
        mismatch.appendText(why.get()).appendText("\n     in ").appendText(request.toString());
        return false;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a request: ");
        boolean first = true;
        if (spec != Spec.any() || beside.isEmpty()) {
            description.appendText(spec.description());
            first = false;
        }
        for (Check check : beside) {
            description.appendText(first ? "" : ", ").appendText(check.description());
            first = false;
        }
    }

    /** As a {@link Spec}: why the request does not match, without the request itself. */
    @Override
    public Optional<String> mismatch(Request request) {
        Optional<String> why = spec.mismatch(request);
        if (why.isPresent()) {
            return why;
        }
        for (Check check : beside) {
            String reason = check.mismatch().apply(request);
            if (reason != null) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** As a {@link Spec}: decides on the spec's command name first, as a responder chain needs. */
    @Override
    public boolean matches(Request request) {
        if (!spec.matches(request)) {
            return false;
        }
        for (Check check : beside) {
            if (check.mismatch().apply(request) != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String description() {
        return StringDescription.toString(this);
    }
}
