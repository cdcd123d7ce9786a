package org.mockupdb.standalone.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonParseException;
import org.mockupdb.MockupServer;
import org.mockupdb.Fault;
import org.mockupdb.Reply;
import org.mockupdb.Response;
import org.mockupdb.Responder;
import org.mockupdb.Spec;

/**
 * A scenario file ({@code --scenario FILE}): a JSON array of rules that the standalone server
 * answers with before its shell replies. Each rule is
 *
 * <pre>{@code
 * {match: {<a command document, as Spec.command(document) takes it>},
 *  reply: {<fields; ok: 1 is added unless given>}             one of these four
 *    | error: {code: N, errmsg: "...", errorLabels: ["..."]}
 *    | cursor: {documents: [...], batchSize: N}
 *    | fault: "hangUp" | "reset",
 *  delayMS: N,                                               optional: answer N ms later
 *  times: N}                                                 optional: retire after N uses (default: always)
 * }</pre>
 *
 * <p>The first rule in the file that matches a request and is not retired answers it. A cursor
 * rule also answers the getMores and killCursors of the cursors it opened, retired or not.
 * Parsing checks everything and names the rule (counted from 0) and the field that is wrong.
 */
final class Scenario {
    private static final Set<String> RULE_FIELDS = Set.of("match", "reply", "error", "cursor", "fault", "delayMS",
            "times");
    private static final List<String> ACTIONS = List.of("reply", "error", "cursor", "fault");
    private static final Set<String> ERROR_FIELDS = Set.of("code", "errmsg", "errorLabels");
    private static final Set<String> CURSOR_FIELDS = Set.of("documents", "batchSize");
    /** The batch size of a cursor rule that gives none, when the client asks none: mongod's first batch. */
    static final int DEFAULT_BATCH_SIZE = 101;

    private final String source;
    private final List<ScenarioRule> rules;

    private Scenario(String source, List<ScenarioRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    /** The rules in the file at {@code path}; a {@link ScenarioException} when it cannot be read or is wrong. */
    static Scenario read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario " + path + ": no such file");
        } catch (IOException e) {
            throw new ScenarioException("scenario " + path + ": cannot read it: " + e);
        }
        return parse(text, path.toString());
    }

    /** The rules in {@code json}, read from {@code source} (named in error messages). */
    static Scenario parse(String json, String source) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("[")) {
            throw new ScenarioException("scenario " + source + ": expected a JSON array of rules,"
                    + " [{\"match\": {...}, \"reply\": {...}}, ...], got "
                    + (trimmed.isEmpty() ? "an empty file" : "'" + abbreviate(trimmed) + "'"));
        }
        BsonArray array;
        try {
            array = BsonArray.parse(trimmed);
        } catch (JsonParseException | BsonInvalidOperationException e) {
            throw new ScenarioException("scenario " + source + " is not valid JSON: " + e.getMessage());
        }
        List<ScenarioRule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            rules.add(rule(array.get(i), new Where(source, i)));
        }
        return new Scenario(source, rules);
    }

    List<ScenarioRule> rules() {
        return rules;
    }

    String source() {
        return source;
    }

    /**
     * Installs the rules as one responder, newer than every responder already there, so that
     * they come before them.
     */
    Responder install(MockupServer server) {
        return server.autoResponds(Spec.matching("a request a rule of scenario " + source + " answers",
                request -> rules.stream().anyMatch(rule -> rule.concerns(request))), request -> {
                    for (ScenarioRule rule : rules) {
                        if (rule.tryAnswer(request)) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    @Override
    public String toString() {
        return "scenario " + source + ", " + rules.size() + (rules.size() == 1 ? " rule" : " rules");
    }

    // ------------------------------------------------------------------ parsing a rule

    /** Where in the file a value is, for error messages: the rule's index and a field path. */
    private record Where(String source, int rule) {
        ScenarioException error(String field, String message) {
            return new ScenarioException("scenario " + source + ", rule " + rule
                    + (field == null ? "" : ", field " + field) + ": " + message);
        }
    }

    private static ScenarioRule rule(BsonValue value, Where where) {
        if (!value.isDocument()) {
            throw where.error(null, "expected a document {\"match\": ..., \"reply\": ...}, got " + describe(value));
        }
        BsonDocument rule = value.asDocument();
        for (String field : rule.keySet()) {
            if (!RULE_FIELDS.contains(field)) {
                throw where.error(field, "unknown field; a rule has match, one of reply, error, cursor or fault,"
                        + " and optionally delayMS and times");
            }
        }
        Spec spec = match(rule.get("match"), where);
        List<String> actions = ACTIONS.stream().filter(rule::containsKey).toList();
        if (actions.size() != 1) {
            throw where.error(null, actions.isEmpty()
                    ? "expected one of reply, error, cursor or fault, got none"
                    : "expected one of reply, error, cursor or fault, got " + String.join(" and ", actions));
        }
        String action = actions.get(0);
        Duration delay = rule.containsKey("delayMS")
                ? Duration.ofMillis(integer(rule.get("delayMS"), "delayMS", 0, where)) : Duration.ZERO;
        int times = rule.containsKey("times") ? (int) integer(rule.get("times"), "times", 1, where) : -1;
        BsonValue body = rule.get(action);
        return switch (action) {
            case "reply" -> ScenarioRule.replying(where.rule(), spec, Reply.ok(document(body, "reply", where)), delay,
                    times);
            case "error" -> ScenarioRule.replying(where.rule(), spec, error(body, where), delay, times);
            case "cursor" -> cursor(body, where, spec, delay, times);
            default -> ScenarioRule.replying(where.rule(), spec, fault(body, where), delay, times);
        };
    }

    private static Spec match(BsonValue value, Where where) {
        if (value == null) {
            throw where.error("match", "missing; expected a command document such as {\"find\": \"coll\"}");
        }
        BsonDocument match = document(value, "match", where);
        if (match.isEmpty()) {
            throw where.error("match", "expected a command document such as {\"find\": \"coll\"}, its first key the"
                    + " command name, got {}");
        }
        Document document = new DocumentCodec().decode(new BsonDocumentReader(match), DecoderContext.builder().build());
        try {
            return Spec.command(document);
        } catch (IllegalArgumentException e) {
            throw where.error("match", e.getMessage());
        }
    }

    private static Reply error(BsonValue value, Where where) {
        BsonDocument error = document(value, "error", where);
        for (String field : error.keySet()) {
            if (!ERROR_FIELDS.contains(field)) {
                throw where.error("error." + field, "unknown field; an error has code, errmsg and optionally"
                        + " errorLabels");
            }
        }
        if (!error.containsKey("code")) {
            throw where.error("error.code", "missing; expected the error's code, such as 11000");
        }
        int code = (int) integer(error.get("code"), "error.code", Integer.MIN_VALUE, where);
        BsonValue errmsg = error.get("errmsg");
        if (errmsg == null || !errmsg.isString()) {
            throw where.error("error.errmsg", (errmsg == null ? "missing" : "got " + describe(errmsg))
                    + "; expected the error's message, a string");
        }
        BsonDocument more = new BsonDocument();
        BsonValue labels = error.get("errorLabels");
        if (labels != null) {
            if (!labels.isArray() || !labels.asArray().stream().allMatch(BsonValue::isString)) {
                throw where.error("error.errorLabels", "expected an array of strings such as"
                        + " [\"RetryableWriteError\"], got " + describe(labels));
            }
            more.append("errorLabels", labels);
        }
        return Reply.commandError(code, errmsg.asString().getValue(), more);
    }

    private static ScenarioRule cursor(BsonValue value, Where where, Spec spec, Duration delay, int times) {
        BsonDocument cursor = document(value, "cursor", where);
        for (String field : cursor.keySet()) {
            if (!CURSOR_FIELDS.contains(field)) {
                throw where.error("cursor." + field, "unknown field; a cursor has documents and optionally batchSize");
            }
        }
        BsonValue documents = cursor.get("documents");
        if (documents == null || !documents.isArray()) {
            throw where.error("cursor.documents", (documents == null ? "missing" : "got " + describe(documents))
                    + "; expected an array of documents");
        }
        List<BsonDocument> docs = new ArrayList<>();
        BsonArray array = documents.asArray();
        for (int i = 0; i < array.size(); i++) {
            docs.add(document(array.get(i), "cursor.documents." + i, where));
        }
        int batchSize = cursor.containsKey("batchSize")
                ? (int) integer(cursor.get("batchSize"), "cursor.batchSize", 1, where) : DEFAULT_BATCH_SIZE;
        return ScenarioRule.cursor(where.rule(), spec, docs, batchSize, delay, times);
    }

    private static Response fault(BsonValue value, Where where) {
        if (value.equals(new BsonString("hangUp"))) {
            return Fault.hangUp();
        }
        if (value.equals(new BsonString("reset"))) {
            return Fault.reset();
        }
        throw where.error("fault", "expected \"hangUp\" or \"reset\", got " + describe(value));
    }

    private static BsonDocument document(BsonValue value, String field, Where where) {
        if (!value.isDocument()) {
            throw where.error(field, "expected a document, got " + describe(value));
        }
        return value.asDocument();
    }

    /** An integral number from {@code min} up, given as an int32, an int64 or a double without a fraction. */
    private static long integer(BsonValue value, String field, long min, Where where) {
        long n;
        if (value.isInt32() || value.isInt64()) {
            n = value.asNumber().longValue();
        } else if (value.isDouble() && value.asDouble().getValue() == Math.rint(value.asDouble().getValue())
                && Math.abs(value.asDouble().getValue()) < Integer.MAX_VALUE) {
            n = (long) value.asDouble().getValue();
        } else {
            throw where.error(field, "expected a whole number, got " + describe(value));
        }
        if (n < min || n > Integer.MAX_VALUE) {
            throw where.error(field, "expected a whole number from " + min + " to " + Integer.MAX_VALUE + ", got " + n);
        }
        return n;
    }

    private static String describe(BsonValue value) {
        String json = value.isDocument() ? value.asDocument().toJson()
                : new BsonDocument("v", value).toJson().replaceFirst("^\\{\"v\": ", "").replaceFirst("}$", "");
        return abbreviate(json) + " (" + value.getBsonType().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
