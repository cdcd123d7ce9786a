package org.mockupdb;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.mockupdb.internal.Patterns;
import org.mockupdb.internal.Patterns.ArrayPattern;
import org.mockupdb.internal.Patterns.DocumentPattern;

/**
 * An immutable {@link Spec} built from the factories on {@code Spec}; each {@code with...}
 * method returns a new spec that also requires what it names.
 */
public final class MessageSpec implements Spec {
    static final MessageSpec ANY = new MessageSpec(null, null, null, null, null, 0,
            null, Patterns.document(Map.of(), false), null, Map.of(), Map.of());

    private final String commandName;
    private final ValueSpec commandValue;
    private final Set<OpCode> opCodes;
    private final String database;
    private final String namespace;
    private final int flags;
    private final String compressor;
    private final DocumentPattern fields;
    private final ArrayPattern documents;
    private final Map<String, ArrayPattern> sequences;
    /** Conditions on dotted paths ({@code "writeConcern.w"}, {@code "documents.0._id"}), in the order given. */
    private final Map<String, ValueSpec> paths;

    private MessageSpec(String commandName, ValueSpec commandValue, Set<OpCode> opCodes, String database,
                        String namespace, int flags, String compressor, DocumentPattern fields,
                        ArrayPattern documents, Map<String, ArrayPattern> sequences, Map<String, ValueSpec> paths) {
        this.paths = paths;
        this.commandName = commandName;
        this.commandValue = commandValue;
        this.opCodes = opCodes;
        this.database = database;
        this.namespace = namespace;
        this.flags = flags;
        this.compressor = compressor;
        this.fields = fields;
        this.documents = documents;
        this.sequences = sequences;
    }

    MessageSpec command(String name, Object value) {
        Objects.requireNonNull(name, "command name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a command name must not be empty");
        }
        return new MessageSpec(name, value == null ? null : Patterns.compile(value), opCodes, database, namespace,
                flags, compressor, fields, documents, sequences, paths);
    }

    MessageSpec commandDocument(Bson document) {
        Map<String, Object> rest = Patterns.stringKeys(Objects.requireNonNull(document, "document"));
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("a command document needs its command name as first key, got {}");
        }
        String name = rest.keySet().iterator().next();
        Object value = rest.remove(name);
        return command(name, value).withFieldMap(rest);
    }

    /**
     * Also requires the body's field at this path, with this value: a plain value, a document
     * (matching as a subset), a list, or a {@link ValueSpec} such as {@link ValueSpec#absent()}.
     * The path is dotted and numbers index arrays: {@code "writeConcern.w"},
     * {@code "documents.0._id"}; to match a key that itself holds a dot, use {@link #withFields}.
     */
    public MessageSpec withField(String path, Object value) {
        Objects.requireNonNull(path, "path");
        if (!path.contains(".")) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(path, value);
            return withFieldMap(one);
        }
        Map<String, ValueSpec> more = new LinkedHashMap<>(paths);
        more.put(path, Patterns.compile(value));
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags, compressor, fields,
                documents, sequences, Collections.unmodifiableMap(more));
    }

    /** Also requires the body to have no field at this dotted path: {@code withField(path, ValueSpec.absent())}. */
    public MessageSpec withoutField(String path) {
        return withField(path, ValueSpec.absent());
    }

    /** Also requires the body to have a field at this dotted path, with any value. */
    public MessageSpec withField(String path) {
        return withField(path, ValueSpec.present());
    }

    private MessageSpec withFieldMap(Map<String, ?> more) {
        DocumentPattern extra = Patterns.document(more, false);
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags, compressor,
                fields.with(extra.fields()), documents, sequences, paths);
    }

    /**
     * Also requires these fields of the body (or of a legacy query).
     *
     * @param more the fields, each matched as {@link #withField(String, Object)} matches one
     * @return a new spec with the requirements added
     */
    public MessageSpec withFields(Bson more) {
        return withFieldMap(Patterns.stringKeys(Objects.requireNonNull(more, "fields")));
    }

    /**
     * Requires the body's fields named here to come in the order given (the command name first).
     *
     * @return a new spec that also checks the order
     */
    public MessageSpec inOrder() {
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags, compressor,
                fields.ordered(true), documents, sequences, paths);
    }

    /**
     * Requires this opcode (or one of these).
     *
     * @param first an opcode the request may have
     * @param more other opcodes it may have instead
     * @return a new spec with the requirement added
     */
    public MessageSpec withOpCode(OpCode first, OpCode... more) {
        return new MessageSpec(commandName, commandValue, EnumSet.of(first, more), database, namespace, flags,
                compressor, fields, documents, sequences, paths);
    }

    /**
     * Requires the request to be on this database.
     *
     * @param name the database name
     * @return a new spec with the requirement added
     */
    public MessageSpec inDatabase(String name) {
        return new MessageSpec(commandName, commandValue, opCodes, Objects.requireNonNull(name, "database"),
                namespace, flags, compressor, fields, documents, sequences, paths);
    }

    /**
     * Requires this namespace (for commands, the database and the command's collection).
     *
     * @param name the namespace, {@code "db.coll"}
     * @return a new spec with the requirement added
     */
    public MessageSpec onNamespace(String name) {
        return new MessageSpec(commandName, commandValue, opCodes, database, Objects.requireNonNull(name, "namespace"),
                flags, compressor, fields, documents, sequences, paths);
    }

    /**
     * Requires these flag bits set (OP_MSG flagBits, or the flags of a legacy message).
     *
     * @param bits the bits that must be set; others may be set too
     * @return a new spec with the requirement added
     */
    public MessageSpec withFlags(int bits) {
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags | bits, compressor,
                fields, documents, sequences, paths);
    }

    /**
     * Requires the request to have come in OP_COMPRESSED with this compressor.
     *
     * @param compressorName {@code "zlib"}, {@code "snappy"}, {@code "zstd"} or {@code "noop"}, in any case
     * @return a new spec with the requirement added
     */
    public MessageSpec compressedWith(String compressorName) {
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags,
                Objects.requireNonNull(compressorName, "compressor").toLowerCase(Locale.ROOT), fields, documents,
                sequences, paths);
    }

    /**
     * Requires an OP_MSG document sequence (kind 1 section) with this identifier and exactly these documents.
     *
     * @param identifier the sequence's identifier, for example {@code "documents"}
     * @param docs the documents, in order, each matched as a subset (or a {@link ValueSpec})
     * @return a new spec with the requirement added
     */
    public MessageSpec withDocumentSequence(String identifier, Object... docs) {
        Map<String, ArrayPattern> more = new LinkedHashMap<>(sequences);
        more.put(Objects.requireNonNull(identifier, "identifier"), Patterns.array(Arrays.asList(docs)));
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags, compressor, fields,
                documents, Collections.unmodifiableMap(more), paths);
    }

    MessageSpec withDocuments(Object... docs) {
        return new MessageSpec(commandName, commandValue, opCodes, database, namespace, flags, compressor, fields,
                Patterns.array(Arrays.asList(docs)), sequences, paths);
    }

    @Override
    public Optional<String> mismatch(Request request) {
        return Optional.ofNullable(why(request));
    }

    /**
     * Whether the request matches, deciding on the command name first without building any
     * text: a responder chain asks this of every request, and most of its specs name another command.
     */
    @Override
    public boolean matches(Request request) {
        if (commandName != null) {
            Optional<String> name = request.commandName();
            if (name.isEmpty() || !name.get().equalsIgnoreCase(commandName)) {
                return false;
            }
        }
        return why(request) == null;
    }

    private String why(Request request) {
        if (opCodes != null && !opCodes.contains(request.opCode())) {
            return "its opcode is " + request.opCode() + ", expected " + opCodesText();
        }
        if (commandName != null) {
            Optional<String> name = request.commandName();
            if (name.isEmpty()) {
                return "it is not a command";
            }
            if (!name.get().equalsIgnoreCase(commandName)) {
                return "its command is '" + name.get() + "', expected '" + commandName + "'";
            }
            if (commandValue != null) {
                BsonValue value = request.body().get(name.get());
                String why = Patterns.mismatchAt(commandValue, name.get(), value);
                if (why != null) {
                    return why;
                }
            }
        }
        if (database != null && !database.equals(request.database())) {
            return "its database is \"" + request.database() + "\", expected \"" + database + "\"";
        }
        if (namespace != null && !namespace.equals(request.namespace())) {
            return "its namespace is \"" + request.namespace() + "\", expected \"" + namespace + "\"";
        }
        if ((request.flags() & flags) != flags) {
            return String.format("its flags are 0x%x, expected bits 0x%x set", request.flags(), flags);
        }
        if (compressor != null) {
            Optional<String> actual = request.compressor();
            if (!actual.map(compressor::equals).orElse(false)) {
                return "it was " + actual.map(c -> "compressed with " + c).orElse("not compressed")
                        + ", expected it compressed with " + compressor;
            }
        }
        if (!fields.isEmpty()) {
            String why = fields.mismatchAt("", request.body());
            if (why != null) {
                return why;
            }
        }
        for (Map.Entry<String, ValueSpec> path : paths.entrySet()) {
            String why = Patterns.mismatchAt(path.getValue(), path.getKey(), Patterns.at(request.body(), path.getKey()));
            if (why != null) {
                return why;
            }
        }
        if (documents != null) {
            String why = documents.mismatchOfList("documents", request.documents());
            if (why != null) {
                return why;
            }
        }
        for (Map.Entry<String, ArrayPattern> sequence : sequences.entrySet()) {
            if (!(request instanceof OpMsg msg) || !msg.documentSequences().containsKey(sequence.getKey())) {
                return "it has no document sequence '" + sequence.getKey() + "'";
            }
            String why = sequence.getValue().mismatchOfList(sequence.getKey(),
                    msg.documentSequences().get(sequence.getKey()));
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** The top-level fields and the dotted paths, as one document. */
    private String fieldsDescription() {
        String top = fields.description();
        if (paths.isEmpty()) {
            return top;
        }
        StringBuilder sb = new StringBuilder(top.substring(0, top.length() - 1));
        for (Map.Entry<String, ValueSpec> path : paths.entrySet()) {
            sb.append(sb.length() > 1 ? ", " : "").append('"').append(path.getKey()).append("\": ")
                    .append(path.getValue().description());
        }
        return sb.append('}').toString();
    }

    private String opCodesText() {
        return opCodes.size() == 1 ? opCodes.iterator().next().toString() : "one of " + opCodes;
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder();
        if (opCodes != null) {
            sb.append(opCodesText()).append(' ');
        }
        String rest = fieldsDescription();
        if (commandName != null) {
            sb.append("command ");
            if (commandValue == null && rest.equals("{}")) {
                sb.append('"').append(commandName).append('"');
            } else {
                sb.append("{\"").append(commandName).append("\": ")
                        .append(commandValue == null ? "<any value>" : commandValue.description())
                        .append(rest.equals("{}") ? "}" : ", " + rest.substring(1));
            }
        } else if (!rest.equals("{}")) {
            sb.append(rest);
        } else if (opCodes == null && documents == null) {
            sb.append("any request");
        }
        if (documents != null) {
            sb.append(sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ' ? " " : "").append(documents.description());
        }
        String text = sb.toString().trim();
        StringBuilder suffix = new StringBuilder(text);
        if (database != null) {
            suffix.append(" in database \"").append(database).append('"');
        }
        if (namespace != null) {
            suffix.append(" on namespace \"").append(namespace).append('"');
        }
        if (flags != 0) {
            suffix.append(String.format(" with flag bits 0x%x", flags));
        }
        if (compressor != null) {
            suffix.append(" compressed with ").append(compressor);
        }
        for (Map.Entry<String, ArrayPattern> sequence : sequences.entrySet()) {
            suffix.append(" with document sequence \"").append(sequence.getKey()).append("\" ")
                    .append(sequence.getValue().description());
        }
        return suffix.toString();
    }

    @Override
    public String toString() {
        return description();
    }
}
