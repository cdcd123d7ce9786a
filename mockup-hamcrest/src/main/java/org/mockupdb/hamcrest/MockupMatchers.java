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

    /**
     * {@return a matcher for a command of this name (case-insensitive), over OP_MSG or as an OP_QUERY on $cmd}
     *
     * @param name the command's name
     */
    public static RequestMatcher isCommand(String name) {
        return RequestMatcher.of(Spec.command(name));
    }

    /**
     * {@return a matcher for a command of this name whose first value matches}
     *
     * @param name the command's name (case-insensitive)
     * @param valueOrMatcher a plain value (compared with the spec semantics) or a Hamcrest matcher
     *     (given the plain Java value)
     */
    public static RequestMatcher isCommand(String name, Object valueOrMatcher) {
        return RequestMatcher.of(Spec.command(name, Values.toSpecValue(valueOrMatcher)));
    }

    /** {@return a matcher for an OP_MSG} */
    public static RequestMatcher isOpMsg() {
        return opCode(OpCode.OP_MSG);
    }

    /** {@return a matcher for an OP_QUERY (a legacy query, or a command on $cmd)} */
    public static RequestMatcher isOpQuery() {
        return opCode(OpCode.OP_QUERY);
    }

    /** {@return a matcher for a getMore: the getMore command or a legacy OP_GET_MORE} */
    public static RequestMatcher isGetMore() {
        return eitherForm("getMore", OpCode.OP_GET_MORE);
    }

    /** {@return a matcher for a killCursors: the command or a legacy OP_KILL_CURSORS} */
    public static RequestMatcher isKillCursors() {
        return eitherForm("killCursors", OpCode.OP_KILL_CURSORS);
    }

    private static RequestMatcher eitherForm(String command, OpCode legacy) {
        return RequestMatcher.of(new Check("a " + command + " (command or " + legacy + ")", request ->
                request.opCode() == legacy || request.commandName().map(command::equalsIgnoreCase).orElse(false)
                        ? null : "it is " + what(request) + ", not a " + command));
    }

    /** {@return a matcher for a legacy OP_INSERT} */
    public static RequestMatcher isLegacyInsert() {
        return opCode(OpCode.OP_INSERT);
    }

    /** {@return a matcher for a legacy OP_UPDATE} */
    public static RequestMatcher isLegacyUpdate() {
        return opCode(OpCode.OP_UPDATE);
    }

    /** {@return a matcher for a legacy OP_DELETE} */
    public static RequestMatcher isLegacyDelete() {
        return opCode(OpCode.OP_DELETE);
    }

    /** {@return a matcher for a legacy OP_GET_MORE} */
    public static RequestMatcher isLegacyGetMore() {
        return opCode(OpCode.OP_GET_MORE);
    }

    /** {@return a matcher for a legacy OP_KILL_CURSORS} */
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

    /**
     * {@return a matcher for a request on this database}
     *
     * @param database the database's name
     */
    public static RequestMatcher inDatabase(String database) {
        return RequestMatcher.of(Spec.any().inDatabase(database));
    }

    /**
     * {@return a matcher for a request on this namespace}
     *
     * @param namespace {@code "db.coll"}
     */
    public static RequestMatcher onNamespace(String namespace) {
        return RequestMatcher.of(Spec.any().onNamespace(namespace));
    }

    /**
     * {@return a matcher for a request with these flag bits set}
     *
     * @param bits OP_MSG flagBits, or a legacy message's flags
     */
    public static RequestMatcher withFlags(int bits) {
        return RequestMatcher.of(Spec.any().withFlags(bits));
    }

    /**
     * {@return a matcher for a request that came in OP_COMPRESSED with this compressor}
     *
     * @param compressor "zlib", "snappy", "zstd" or "noop"
     */
    public static RequestMatcher compressedWith(String compressor) {
        return RequestMatcher.of(Spec.any().compressedWith(compressor));
    }

    /**
     * {@return a matcher for a request that came on this connection}
     *
     * @param connection a connection to the server
     */
    public static RequestMatcher fromConnection(Connection connection) {
        return fromConnection(connection.id());
    }

    /**
     * {@return a matcher for a request that came on the connection with this id}
     *
     * @param connectionId the connection's {@link Connection#id()}
     */
    public static RequestMatcher fromConnection(int connectionId) {
        return RequestMatcher.of(connectionCheck(connectionId));
    }

    static Check connectionCheck(int connectionId) {
        return new Check("from connection " + connectionId, request ->
                request.connection().id() == connectionId ? null
                        : "it came on connection " + request.connection().id() + ", expected " + connectionId);
    }

    // ---------------------------------------------------------------- its fields

    /**
     * {@return a matcher for a request whose body has a field at this dotted path, with any value}
     *
     * @param path a dotted path, such as {@code "writeConcern.w"}
     */
    public static RequestMatcher withField(String path) {
        return RequestMatcher.of(Spec.any().withField(path));
    }

    /**
     * {@return a matcher for a request whose body's field at this dotted path matches}
     *
     * @param path a dotted path, such as {@code "writeConcern.w"}
     * @param valueOrMatcher a plain value (compared with the spec semantics) or a Hamcrest matcher
     *     (given the plain Java value)
     */
    public static RequestMatcher withField(String path, Object valueOrMatcher) {
        return RequestMatcher.of(Spec.any().withField(path, Values.toSpecValue(valueOrMatcher)));
    }

    /**
     * {@return a matcher for a request whose body has no field at this dotted path}
     *
     * @param path a dotted path, such as {@code "writeConcern.w"}
     */
    public static RequestMatcher withoutField(String path) {
        return RequestMatcher.of(Spec.any().withoutField(path));
    }

    /**
     * {@return a matcher for an OP_MSG with a document sequence (kind-1 section) of this identifier}
     *
     * @param identifier the sequence's identifier, such as {@code "documents"}
     */
    public static RequestMatcher withDocumentSequence(String identifier) {
        return RequestMatcher.of(sequenceCheck(identifier, null));
    }

    /**
     * {@return a matcher for an OP_MSG with a document sequence of this identifier whose documents match}
     *
     * @param identifier the sequence's identifier, such as {@code "documents"}
     * @param documents a matcher given the documents as a List of Document
     */
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

    /**
     * {@return any Hamcrest matcher over requests as a {@link Spec}, described by the matcher}
     *
     * @param matcher a matcher over requests
     */
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
     *
     * @param matcher a matcher over the field's plain Java value
     * @return a value spec that the matcher decides
     */
    public static ValueSpec value(Matcher<?> matcher) {
        return Values.asValueSpec(matcher);
    }

    // ---------------------------------------------------------------- BSON values

    /**
     * A document (Document, BsonDocument or Map) with a value at this dotted path
     * ({@code "_id"}, {@code "cursor.firstBatch.0._id"}) that matches: a plain value compares with
     * the spec semantics (numbers by value, documents as subsets), a matcher gets the plain Java value.
     *
     * @param path a dotted path; a number in it indexes an array
     * @param valueOrMatcher a plain value or a Hamcrest matcher
     * @return the matcher
     */
    public static Matcher<Object> hasPath(String path, Object valueOrMatcher) {
        ValueSpec atPath = ValueSpec.atPath(path, Values.toSpecValue(valueOrMatcher));
        return bsonMatcher(atPath.description(), ValueSpec.that(atPath.description(),
                value -> atPath.mismatch(value).isEmpty()), atPath, true);
    }

    /**
     * {@return a matcher for a number equal by value to this one, whatever BSON or Java numeric type either has}
     *
     * @param expected the number to compare with
     */
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
     *
     * @param json a document in relaxed Extended JSON
     * @return the matcher
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
