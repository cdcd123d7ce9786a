package org.mockupdb.hamcrest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.mockupdb.Connection;
import org.mockupdb.OpCode;
import org.mockupdb.OpMsg;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.ValueSpec;
import org.mockupdb.hamcrest.internal.BsonPaths;
import org.mockupdb.hamcrest.internal.Check;
import org.mockupdb.hamcrest.internal.Values;
import org.mockupdb.internal.Patterns;

/**
 * Hamcrest matchers over MockupDB requests and BSON values. Request matchers are
 * {@link RequestMatcher}s: they chain, and they serve as {@link Spec}s wherever the server takes
 * one. Value matchers take plain Java values and Hamcrest matchers alike and compare numbers by
 * value across BSON's numeric types.
 *
 * <pre>{@code
 * import static org.mockupdb.hamcrest.MockupMatchers.*;
 *
 * Request insert = server.receives(isCommand("insert", "coll"));
 * assertThat(insert, hasField("documents", contains(hasEntry("_id", 1))));
 * assertThat(insert, lacksField("writeConcern"));
 * }</pre>
 */
public final class MockupMatchers {
    private MockupMatchers() {
    }

    // ---------------------------------------------------------------- what the request is

    /**
     * A command of this name (case-insensitive), over OP_MSG or as an OP_QUERY on $cmd.
     *
     * @param name the command name
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher isCommand(String name) {
        Objects.requireNonNull(name, "name");
        return RequestMatcher.of("command \"" + name + "\"", request -> commandMismatch(request, name));
    }

    /**
     * A command of this name whose first value matches.
     *
     * @param name the command name, case-insensitive
     * @param valueOrMatcher the first value: a plain value (compared as a spec compares it) or a Hamcrest matcher
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher isCommand(String name, Object valueOrMatcher) {
        return RequestMatcher.of("command {\"" + name + "\": " + Values.describe(valueOrMatcher) + "}", request -> {
            String why = commandMismatch(request, name);
            return why != null ? why : Values.mismatch(request.commandName().orElseThrow(),
                    request.body().get(request.commandName().orElseThrow()), valueOrMatcher);
        });
    }

    private static String commandMismatch(Request request, String name) {
        Optional<String> actual = request.commandName();
        if (actual.isEmpty()) {
            return "it is " + request.opCode() + ", not a command";
        }
        return actual.get().equalsIgnoreCase(name) ? null
                : "its command is '" + actual.get() + "', expected '" + name + "'";
    }

    /** {@return a matcher of an OP_MSG} */
    public static RequestMatcher isOpMsg() {
        return opCode(OpCode.OP_MSG);
    }

    /** {@return a matcher of an OP_QUERY (a legacy query, or a command on $cmd)} */
    public static RequestMatcher isOpQuery() {
        return opCode(OpCode.OP_QUERY);
    }

    /** {@return a matcher of a getMore: the getMore command or a legacy OP_GET_MORE} */
    public static RequestMatcher isGetMore() {
        return RequestMatcher.of("a getMore (command or OP_GET_MORE)", request ->
                request.opCode() == OpCode.OP_GET_MORE
                        || request.commandName().map(n -> n.equalsIgnoreCase("getMore")).orElse(false)
                        ? null : "it is " + what(request) + ", not a getMore");
    }

    /** {@return a matcher of a killCursors: the command or a legacy OP_KILL_CURSORS} */
    public static RequestMatcher isKillCursors() {
        return RequestMatcher.of("a killCursors (command or OP_KILL_CURSORS)", request ->
                request.opCode() == OpCode.OP_KILL_CURSORS
                        || request.commandName().map(n -> n.equalsIgnoreCase("killCursors")).orElse(false)
                        ? null : "it is " + what(request) + ", not a killCursors");
    }

    /** {@return a matcher of a legacy OP_INSERT} */
    public static RequestMatcher isLegacyInsert() {
        return opCode(OpCode.OP_INSERT);
    }

    /** {@return a matcher of a legacy OP_UPDATE} */
    public static RequestMatcher isLegacyUpdate() {
        return opCode(OpCode.OP_UPDATE);
    }

    /** {@return a matcher of a legacy OP_DELETE} */
    public static RequestMatcher isLegacyDelete() {
        return opCode(OpCode.OP_DELETE);
    }

    /** {@return a matcher of a legacy OP_GET_MORE} */
    public static RequestMatcher isLegacyGetMore() {
        return opCode(OpCode.OP_GET_MORE);
    }

    /** {@return a matcher of a legacy OP_KILL_CURSORS} */
    public static RequestMatcher isLegacyKillCursors() {
        return opCode(OpCode.OP_KILL_CURSORS);
    }

    private static RequestMatcher opCode(OpCode opCode) {
        return RequestMatcher.of("an " + opCode, request -> request.opCode() == opCode ? null
                : "its opcode is " + request.opCode() + ", expected " + opCode);
    }

    private static String what(Request request) {
        return request.commandName().map(n -> "command '" + n + "'").orElse(request.opCode().toString());
    }

    // ---------------------------------------------------------------- where and how it came

    /**
     * A request on this database.
     *
     * @param database the database name
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher inDatabase(String database) {
        return RequestMatcher.of("in database \"" + database + "\"", request -> database.equals(request.database())
                ? null : "its database is \"" + request.database() + "\", expected \"" + database + "\"");
    }

    /**
     * A request on this namespace.
     *
     * @param namespace the namespace, {@code "db.coll"}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher onNamespace(String namespace) {
        return RequestMatcher.of("on namespace \"" + namespace + "\"", request ->
                namespace.equals(request.namespace()) ? null
                        : "its namespace is \"" + request.namespace() + "\", expected \"" + namespace + "\"");
    }

    /**
     * A request with these flag bits set (OP_MSG flagBits, or a legacy message's flags).
     *
     * @param bits the bits that must be set; others may be set too
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher hasFlag(int bits) {
        return RequestMatcher.of(String.format("with flag bits 0x%x", bits), request ->
                (request.flags() & bits) == bits ? null
                        : String.format("its flags are 0x%x, expected bits 0x%x set", request.flags(), bits));
    }

    /**
     * A request that came in OP_COMPRESSED with this compressor.
     *
     * @param compressor {@code "zlib"}, {@code "snappy"}, {@code "zstd"} or {@code "noop"}, in any case
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher wasCompressedWith(String compressor) {
        String name = compressor.toLowerCase(Locale.ROOT);
        return RequestMatcher.of("compressed with " + name, request ->
                request.compressor().map(name::equals).orElse(false) ? null
                        : "it was " + request.compressor().map(c -> "compressed with " + c).orElse("not compressed")
                        + ", expected it compressed with " + name);
    }

    /**
     * A request that came on this connection.
     *
     * @param connection the connection, from another request's {@link Request#connection()}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher fromConnection(Connection connection) {
        return fromConnection(connection.id());
    }

    /**
     * A request that came on the connection with this id.
     *
     * @param connectionId the connection's {@link Connection#id()}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher fromConnection(int connectionId) {
        return RequestMatcher.of("from connection " + connectionId, request ->
                request.connection().id() == connectionId ? null
                        : "it came on connection " + request.connection().id() + ", expected " + connectionId);
    }

    // ---------------------------------------------------------------- its fields

    /**
     * A request whose body has a field at this dotted path, with any value.
     *
     * @param path the dotted path, {@code "writeConcern.w"}; a number indexes an array, {@code "documents.0._id"}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher hasField(String path) {
        return RequestMatcher.of("with field '" + path + "'", request ->
                RequestMatcher.field(request, path) != null ? null : "field '" + path + "' is missing");
    }

    /**
     * A request whose body's field at this dotted path matches: a plain value compares with the
     * spec semantics, a Hamcrest matcher gets the plain Java value.
     *
     * @param path the dotted path, {@code "writeConcern.w"}; a number indexes an array, {@code "documents.0._id"}
     * @param valueOrMatcher a plain value or a Hamcrest matcher
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher hasField(String path, Object valueOrMatcher) {
        return RequestMatcher.of("field '" + path + "': " + Values.describe(valueOrMatcher), request ->
                Values.mismatch(path, RequestMatcher.field(request, path), valueOrMatcher));
    }

    /**
     * A request whose body has no field at this dotted path.
     *
     * @param path the dotted path, {@code "writeConcern.w"}; a number indexes an array, {@code "documents.0._id"}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher lacksField(String path) {
        return RequestMatcher.of("without field '" + path + "'", request -> {
            BsonValue value = RequestMatcher.field(request, path);
            return value == null ? null : "field '" + path + "' is present (" + Patterns.json(value)
                    + "), expected it absent";
        });
    }

    /**
     * An OP_MSG with a document sequence (kind-1 section) of this identifier.
     *
     * @param identifier the sequence's identifier, for example {@code "documents"}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher hasDocumentSequence(String identifier) {
        return RequestMatcher.of("with document sequence \"" + identifier + "\"", request ->
                sequence(request, identifier) != null ? null
                        : "it has no document sequence \"" + identifier + "\"" + sequencesText(request));
    }

    /**
     * An OP_MSG with a document sequence of this identifier whose documents match.
     *
     * @param identifier the sequence's identifier, for example {@code "documents"}
     * @param documents a matcher over the documents, a {@code List} of {@code Document}
     * @return the matcher, which chains and serves as a {@link Spec}
     */
    public static RequestMatcher hasDocumentSequence(String identifier, Matcher<?> documents) {
        return RequestMatcher.of("with document sequence \"" + identifier + "\" "
                + StringDescription.toString(documents), request -> {
                    List<BsonDocument> docs = sequence(request, identifier);
                    if (docs == null) {
                        return "it has no document sequence \"" + identifier + "\"" + sequencesText(request);
                    }
                    return Values.mismatch("sequence " + identifier, new org.bson.BsonArray(List.copyOf(docs)),
                            documents);
                });
    }

    private static List<BsonDocument> sequence(Request request, String identifier) {
        return request instanceof OpMsg msg ? msg.documentSequences().get(identifier) : null;
    }

    private static String sequencesText(Request request) {
        if (request instanceof OpMsg msg) {
            Map<String, List<BsonDocument>> sequences = msg.documentSequences();
            return sequences.isEmpty() ? " (it has none)" : " (it has " + sequences.keySet() + ")";
        }
        return " (it is " + request.opCode() + ")";
    }

    // ---------------------------------------------------------------- adapters to the core

    /**
     * Any Hamcrest matcher over requests as a {@link Spec}, described by the matcher.
     *
     * @param matcher the matcher
     * @return the spec, for {@code receives}, {@code got} and the autoresponders
     */
    public static Spec spec(Matcher<? super Request> matcher) {
        if (matcher instanceof RequestMatcher ours) {
            return ours;
        }
        return new RequestMatcher(List.of(Check.of(matcher)));
    }

    /**
     * A Hamcrest matcher as a field's value inside a core spec:
     * {@code Spec.command("find").withField("limit", value(greaterThan(5)))}. It gets the plain
     * Java value.
     *
     * @param matcher a matcher over the plain Java value (Integer, String, Document, List...)
     * @return the condition, for a spec's document or {@code withField}
     */
    public static ValueSpec value(Matcher<?> matcher) {
        Objects.requireNonNull(matcher, "matcher");
        return new ValueSpec() {
            @Override
            public Optional<String> mismatch(BsonValue value) {
                String why = Values.mismatch("x", value, matcher);
                return Optional.ofNullable(why).map(w -> w.substring("field 'x' ".length()));
            }

            @Override
            public String description() {
                return StringDescription.toString(matcher);
            }
        };
    }

    // ---------------------------------------------------------------- BSON values

    /**
     * A document (Document, BsonDocument or Map) with this entry: a plain value compares with
     * the spec semantics (numbers by value), a matcher gets the plain Java value.
     *
     * @param key the entry's key, taken as a dotted path like {@link #hasPath(String, Object)}
     * @param valueOrMatcher a plain value or a Hamcrest matcher
     * @return the matcher
     */
    public static Matcher<Object> hasEntry(String key, Object valueOrMatcher) {
        return hasPath(key, valueOrMatcher);
    }

    /**
     * A document (Document, BsonDocument or Map) with a value at this dotted path that matches.
     *
     * @param path the dotted path, {@code "cursor.firstBatch"}; a number indexes an array
     * @param valueOrMatcher a plain value or a Hamcrest matcher
     * @return the matcher
     */
    public static Matcher<Object> hasPath(String path, Object valueOrMatcher) {
        return new TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                BsonValue doc = BsonPaths.toBson(item);
                if (!doc.isDocument()) {
                    mismatch.appendText("was ").appendValue(item).appendText(", not a document");
                    return false;
                }
                String why = Values.mismatch(path, BsonPaths.at(doc, path), valueOrMatcher);
                if (why != null) {
                    mismatch.appendText(why).appendText(" in ").appendText(Patterns.json(doc));
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a document with '" + path + "': " + Values.describe(valueOrMatcher));
            }
        };
    }

    /**
     * A number equal by value to this one, whatever BSON or Java numeric type either has.
     *
     * @param expected the number
     * @return the matcher
     */
    public static Matcher<Object> numericallyEqualTo(Number expected) {
        BsonValue bson = BsonPaths.toBson(expected);
        return valueMatcher("a number equal to ", bson, actual -> isNumber(actual) && Patterns.valuesEqual(bson, actual));
    }

    private static boolean isNumber(BsonValue v) {
        return v.isInt32() || v.isInt64() || v.isDouble() || v.isDecimal128();
    }

    /**
     * A document (Document, BsonDocument or Map) equal to this relaxed Extended JSON: the same
     * keys, in any order, numbers by value.
     *
     * @param json the expected document
     * @return the matcher
     */
    public static Matcher<Object> equalToJson(String json) {
        BsonDocument expected = BsonDocument.parse(json);
        return valueMatcher("a document equal to ", expected, actual -> Patterns.valuesEqual(expected, actual));
    }

    /** A matcher over any value as BSON, described as {@code what} and the expected value's JSON. */
    private static Matcher<Object> valueMatcher(String what, BsonValue expected,
                                                java.util.function.Predicate<BsonValue> test) {
        return new TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                BsonValue actual = BsonPaths.toBson(item);
                if (test.test(actual)) {
                    return true;
                }
                mismatch.appendText("was ").appendText(Patterns.json(actual));
                return false;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(what).appendText(Patterns.json(expected));
            }
        };
    }
}
