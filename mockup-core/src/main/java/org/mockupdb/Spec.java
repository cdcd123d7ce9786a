package org.mockupdb;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.conversions.Bson;

/**
 * What a test expects a request to be: taken by {@link MockupServer#receives(Spec)},
 * {@link MockupServer#got(Spec)} and the autoresponders. Most specs come from the factories
 * here and are refined with {@link MessageSpec}'s methods:
 *
 * <pre>{@code
 * server.receives(Spec.command("insert", "coll").inDatabase("db").withField("ordered", true));
 * }</pre>
 *
 * <p>A spec's document matches when its keys are a subset of the request's, recursively;
 * arrays match element by element; numbers compare by value across BSON numeric types; the
 * command name matches case-insensitively; key order matters only when asked.
 */
public interface Spec {

    /**
     * Why the request does not match, in words.
     *
     * @param request a request the server received
     * @return the reason, or empty when the request matches
     */
    Optional<String> mismatch(Request request);

    /** {@return what this spec expects, in words that read well in a failure message} */
    String description();

    /**
     * Whether the request matches.
     *
     * @param request a request the server received
     * @return true when it matches
     */
    default boolean matches(Request request) {
        return mismatch(request).isEmpty();
    }

    /** {@return a spec of any request at all} */
    static MessageSpec any() {
        return MessageSpec.ANY;
    }

    /**
     * A command of this name, over OP_MSG or as an OP_QUERY on {@code $cmd}, whatever value the
     * client gave the name.
     *
     * @param name the command name, matched case-insensitively
     * @return the spec, to refine further
     */
    static MessageSpec command(String name) {
        return MessageSpec.ANY.command(name, null);
    }

    /**
     * A command of this name whose first field has this value, for example {@code command("find", "coll")}.
     *
     * @param name the command name, matched case-insensitively
     * @param value the first field's value: a plain value, a document (matched as a subset) or a {@link ValueSpec}
     * @return the spec, to refine further
     */
    static MessageSpec command(String name, Object value) {
        return MessageSpec.ANY.command(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * A command whose body includes this document; its first key is the command name.
     *
     * @param document the fields the body must have (a subset)
     * @return the spec, to refine further
     */
    static MessageSpec command(Bson document) {
        return MessageSpec.ANY.commandDocument(document);
    }

    /**
     * An OP_MSG command of this name.
     *
     * @param name the command name, matched case-insensitively
     * @return the spec, to refine further
     */
    static MessageSpec opMsg(String name) {
        return command(name).withOpCode(OpCode.OP_MSG);
    }

    /**
     * An OP_MSG whose body includes this document; its first key is the command name.
     *
     * @param document the fields the body must have (a subset)
     * @return the spec, to refine further
     */
    static MessageSpec opMsg(Bson document) {
        return command(document).withOpCode(OpCode.OP_MSG);
    }

    /**
     * An OP_QUERY (a legacy query or command) whose query includes this document.
     *
     * @param query the fields the query must have (a subset)
     * @return the spec, to refine further
     */
    static MessageSpec opQuery(Bson query) {
        return MessageSpec.ANY.withOpCode(OpCode.OP_QUERY).withFields(query);
    }

    /** {@return a spec of a legacy OP_GET_MORE} */
    static MessageSpec opGetMore() {
        return MessageSpec.ANY.withOpCode(OpCode.OP_GET_MORE);
    }

    /** {@return a spec of a legacy OP_KILL_CURSORS} */
    static MessageSpec opKillCursors() {
        return MessageSpec.ANY.withOpCode(OpCode.OP_KILL_CURSORS);
    }

    /**
     * A legacy OP_INSERT of exactly these documents (each matched as a subset).
     *
     * @param documents the documents, in order: {@code Bson} values or {@link ValueSpec}s
     * @return the spec, to refine further
     */
    static MessageSpec opInsert(Object... documents) {
        return MessageSpec.ANY.withOpCode(OpCode.OP_INSERT).withDocuments(documents);
    }

    /**
     * A legacy OP_UPDATE with this selector and update (each matched as a subset).
     *
     * @param selector the fields the selector must have
     * @param update the fields the update must have
     * @return the spec, to refine further
     */
    static MessageSpec opUpdate(Bson selector, Bson update) {
        return MessageSpec.ANY.withOpCode(OpCode.OP_UPDATE).withDocuments(selector, update);
    }

    /**
     * A legacy OP_DELETE with this selector (matched as a subset).
     *
     * @param selector the fields the selector must have
     * @return the spec, to refine further
     */
    static MessageSpec opDelete(Bson selector) {
        return MessageSpec.ANY.withOpCode(OpCode.OP_DELETE).withDocuments(selector);
    }


    /**
     * A spec of your own, described in words.
     *
     * @param description what the spec expects, for failure messages ("it is not " + description)
     * @param predicate true for a request that matches
     * @return the spec
     */
    static Spec matching(String description, Predicate<? super Request> predicate) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
        return new Spec() {
            @Override
            public Optional<String> mismatch(Request request) {
                return predicate.test(request) ? Optional.empty() : Optional.of("it is not " + description);
            }

            @Override
            public boolean matches(Request request) {
                return predicate.test(request);
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
