package org.mockupdb.hamcrest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
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
import org.mockupdb.hamcrest.internal.Check;
import org.mockupdb.hamcrest.internal.Values;

/**
 * Hamcrest matchers over MockupDB requests and BSON values. Request matchers are
 * {@link RequestMatcher}s, thin adapters over the core's specs: they chain (each static method
 * here has a chained method of the same name), and they serve as {@link Spec}s wherever the server
 * takes one. Value matchers take plain Java values and Hamcrest matchers alike and compare numbers
 * by value across BSON's numeric types. No name here is also a name in {@code org.hamcrest.Matchers},
 * so both can be imported statically.
 *
 * <pre>{@code
 * import static org.mockupdb.hamcrest.MockupMatchers.*;
 *
 * Request insert = server.receives(isCommand("insert", "coll"));
 * assertThat(insert, withField("documents", contains(hasPath("_id", 1))));
 * assertThat(insert, withoutField("writeConcern"));
 * }</pre>
 */
public final class MockupMatchers {
    private MockupMatchers() {
    }

    // ---------------------------------------------------------------- what the request is

    /** A command of this name (case-insensitive), over OP_MSG or as an OP_QUERY on $cmd. */
    public static RequestMatcher isCommand(String name) {
        return RequestMatcher.of(Spec.command(name));
    }

    /** A command of this name whose first value matches (a plain value or a matcher). */
    public static RequestMatcher isCommand(String name, Object valueOrMatcher) {
        return RequestMatcher.of(Spec.command(name, Values.toSpecValue(valueOrMatcher)));
    }

    /** An OP_MSG. */
    public static RequestMatcher isOpMsg() {
        return opCode(OpCode.OP_MSG);
    }

    /** An OP_QUERY (a legacy query, or a command on $cmd). */
    public static RequestMatcher isOpQuery() {
        return opCode(OpCode.OP_QUERY);
    }

    /** A getMore: the getMore command or a legacy OP_GET_MORE. */
    public static RequestMatcher isGetMore() {
        return eitherForm("getMore", OpCode.OP_GET_MORE);
    }

    /** A killCursors: the command or a legacy OP_KILL_CURSORS. */
    public static RequestMatcher isKillCursors() {
        return eitherForm("killCursors", OpCode.OP_KILL_CURSORS);
    }

    private static RequestMatcher eitherForm(String command, OpCode legacy) {
        return RequestMatcher.of(new Check("a " + command + " (command or " + legacy + ")", request ->
                request.opCode() == legacy || request.commandName().map(command::equalsIgnoreCase).orElse(false)
                        ? null : "it is " + what(request) + ", not a " + command));
    }

    /** A legacy OP_INSERT. */
    public static RequestMatcher isLegacyInsert() {
        return opCode(OpCode.OP_INSERT);
    }

    /** A legacy OP_UPDATE. */
    public static RequestMatcher isLegacyUpdate() {
        return opCode(OpCode.OP_UPDATE);
    }

    /** A legacy OP_DELETE. */
    public static RequestMatcher isLegacyDelete() {
        return opCode(OpCode.OP_DELETE);
    }

    /** A legacy OP_GET_MORE. */
    public static RequestMatcher isLegacyGetMore() {
        return opCode(OpCode.OP_GET_MORE);
    }

    /** A legacy OP_KILL_CURSORS. */
    public static RequestMatcher isLegacyKillCursors() {
        return opCode(OpCode.OP_KILL_CURSORS);
    }

    private static RequestMatcher opCode(OpCode opCode) {
        return RequestMatcher.of(Spec.any().withOpCode(opCode));
    }

    private static String what(Request request) {
        return request.commandName().map(n -> "command '" + n + "'").orElse(request.opCode().toString());
    }

    // ---------------------------------------------------------------- where and how it came

    /** A request on this database. */
    public static RequestMatcher inDatabase(String database) {
        return RequestMatcher.of(Spec.any().inDatabase(database));
    }

    /** A request on this namespace, {@code "db.coll"}. */
    public static RequestMatcher onNamespace(String namespace) {
        return RequestMatcher.of(Spec.any().onNamespace(namespace));
    }

    /** A request with these flag bits set (OP_MSG flagBits, or a legacy message's flags). */
    public static RequestMatcher withFlags(int bits) {
        return RequestMatcher.of(Spec.any().withFlags(bits));
    }

    /** A request that came in OP_COMPRESSED with this compressor ("zlib", "snappy", "zstd", "noop"). */
    public static RequestMatcher compressedWith(String compressor) {
        return RequestMatcher.of(Spec.any().compressedWith(compressor));
    }

    /** A request that came on this connection. */
    public static RequestMatcher fromConnection(Connection connection) {
        return fromConnection(connection.id());
    }

    /** A request that came on the connection with this id. */
    public static RequestMatcher fromConnection(int connectionId) {
        return RequestMatcher.of(connectionCheck(connectionId));
    }

    static Check connectionCheck(int connectionId) {
        return new Check("from connection " + connectionId, request ->
                request.connection().id() == connectionId ? null
                        : "it came on connection " + request.connection().id() + ", expected " + connectionId);
    }

    // ---------------------------------------------------------------- its fields

    /** A request whose body has a field at this dotted path, with any value. */
    public static RequestMatcher withField(String path) {
        return RequestMatcher.of(Spec.any().withField(path));
    }

    /**
     * A request whose body's field at this dotted path matches: a plain value compares with the
     * spec semantics, a Hamcrest matcher gets the plain Java value.
     */
    public static RequestMatcher withField(String path, Object valueOrMatcher) {
        return RequestMatcher.of(Spec.any().withField(path, Values.toSpecValue(valueOrMatcher)));
    }

    /** A request whose body has no field at this dotted path. */
    public static RequestMatcher withoutField(String path) {
        return RequestMatcher.of(Spec.any().withoutField(path));
    }

    /** An OP_MSG with a document sequence (kind-1 section) of this identifier. */
    public static RequestMatcher withDocumentSequence(String identifier) {
        return RequestMatcher.of(sequenceCheck(identifier, null));
    }

    /** An OP_MSG with a document sequence of this identifier whose documents (a List of Document) match. */
    public static RequestMatcher withDocumentSequence(String identifier, Matcher<?> documents) {
        return RequestMatcher.of(sequenceCheck(identifier, Objects.requireNonNull(documents, "documents")));
    }

    static Check sequenceCheck(String identifier, Matcher<?> documents) {
        String description = "with document sequence \"" + identifier + "\""
                + (documents == null ? "" : " " + StringDescription.toString(documents));
        return new Check(description, request -> {
            List<BsonDocument> docs = request instanceof OpMsg msg ? msg.documentSequences().get(identifier) : null;
            if (docs == null) {
                return "it has no document sequence \"" + identifier + "\"" + sequencesText(request);
            }
            return documents == null ? null
                    : Values.mismatch("sequence " + identifier, new BsonArray(List.copyOf(docs)), documents);
        });
    }

    private static String sequencesText(Request request) {
        if (request instanceof OpMsg msg) {
            Map<String, List<BsonDocument>> sequences = msg.documentSequences();
            return sequences.isEmpty() ? " (it has none)" : " (it has " + sequences.keySet() + ")";
        }
        return " (it is " + request.opCode() + ")";
    }

    // ---------------------------------------------------------------- adapters to the core

    /** Any Hamcrest matcher over requests as a {@link Spec}, described by the matcher. */
    public static Spec spec(Matcher<? super Request> matcher) {
        if (matcher instanceof RequestMatcher ours) {
            return ours;
        }
        return RequestMatcher.of(Check.of(matcher));
    }

    /**
     * A Hamcrest matcher as a field's value inside a core spec:
     * {@code Spec.command("find").withField("limit", value(greaterThan(5)))}. It gets the plain
     * Java value.
     */
    public static ValueSpec value(Matcher<?> matcher) {
        return Values.asValueSpec(matcher);
    }

    // ---------------------------------------------------------------- BSON values

    /**
     * A document (Document, BsonDocument or Map) with a value at this dotted path
     * ({@code "_id"}, {@code "cursor.firstBatch.0._id"}) that matches: a plain value compares with
     * the spec semantics (numbers by value, documents as subsets), a matcher gets the plain Java value.
     */
    public static Matcher<Object> hasPath(String path, Object valueOrMatcher) {
        ValueSpec atPath = ValueSpec.atPath(path, Values.toSpecValue(valueOrMatcher));
        return bsonMatcher(atPath.description(), ValueSpec.that(atPath.description(),
                value -> atPath.mismatch(value).isEmpty()), atPath, true);
    }

    /** A number equal by value to this one, whatever BSON or Java numeric type either has. */
    public static Matcher<Object> numericallyEqualTo(Number expected) {
        ValueSpec equal = ValueSpec.equalTo(expected);
        ValueSpec number = ValueSpec.that("a number equal to " + equal.description(),
                value -> isNumber(value) && equal.mismatch(value).isEmpty());
        return bsonMatcher(number.description(), number, number, false);
    }

    private static boolean isNumber(BsonValue v) {
        return v.isInt32() || v.isInt64() || v.isDouble() || v.isDecimal128();
    }

    /**
     * A document (Document, BsonDocument or Map) equal to this relaxed Extended JSON: the same
     * keys, in any order, numbers by value.
     */
    public static Matcher<Object> equalToJson(String json) {
        ValueSpec equal = ValueSpec.equalTo(BsonDocument.parse(json));
        return bsonMatcher("a document equal to " + equal.description(), equal, equal, false);
    }

    /**
     * A matcher over any value as BSON: {@code condition} decides, {@code explain} says why not
     * (followed by the whole value when {@code showValue}).
     */
    private static Matcher<Object> bsonMatcher(String description, ValueSpec condition, ValueSpec explain,
                                               boolean showValue) {
        return new TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                BsonValue value = Values.toBson(item);
                if (condition.mismatch(value).isEmpty()) {
                    return true;
                }
                mismatch.appendText(explain.mismatch(value).orElse("did not match"));
                if (showValue && value.isDocument()) {
                    mismatch.appendText(" in ").appendText(Values.json(value));
                }
                return false;
            }

            @Override
            public void describeTo(Description text) {
                text.appendText(description);
            }
        };
    }
}
