package org.mockupdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.mockupdb.internal.ErrorLabels;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;

/**
 * mongod's fail points, as its {@code configureFailPoint} and {@code waitForFailPoint} commands
 * set them, and the {@code failCommand} fail point carried out as mongod carries it out
 * ({@code src/mongo/db/commands.cpp}, {@code src/mongo/util/fail_point.cpp}): an {@link
 * Interceptor} blocks, closes the connection or answers the error before any responder sees the
 * request; a {@link ResponseFilter} adds {@code writeConcernError} to a write's reply once it is
 * formed, whoever formed it.
 *
 * <p>A fail point counts the times it was entered (it fired) for ever, as mongod's does: {@code
 * configureFailPoint} answers the count before the change, {@code waitForFailPoint} waits for a
 * total. One monitor ({@code this}) guards every fail point's state.
 */
final class FailPoints implements Interceptor, ResponseFilter {
    static final String FAIL_COMMAND = "failCommand";
    /** The message of every error failCommand answers, as mongod's. */
    static final String MESSAGE = "Failing command via 'failCommand' failpoint";

    /** Fail points mongod has that MockupDB keeps (configure, count, wait) but never enters. */
    private static final Set<String> INERT = Set.of("dummy", "onPrimaryTransactionalWrite", "maxTimeAlwaysTimeOut",
            "failGetMoreAfterCursorCheckout", "failCollectionInserts", "skipWriteConflictRetries",
            "hangBeforeWritingDecision", "hangAfterCollectionInserts", "failNonIntentLocksIfWaitNeeded",
            "shutdownAtStartup", "throwSockExcep", "setBackoffDelayForTesting");
    private static final Set<String> WRITE_CONCERN_COMMANDS = Set.of("insert", "update", "delete", "findAndModify",
            "findandmodify", "bulkWrite", "create", "drop", "dropDatabase", "createIndexes", "dropIndexes", "collMod",
            "renameCollection", "commitTransaction", "abortTransaction", "mapReduce", "createUser", "updateUser",
            "dropUser", "createRole", "dropRole", "setFeatureCompatibilityVersion");
    private static final Map<String, String> ALIASES = Map.of("ismaster", "isMaster", "findandmodify",
            "findAndModify");

    /** A fail point mode: what {@code mode} said, and its counter. */
    enum Mode { OFF, ALWAYS_ON, TIMES, SKIP, RANDOM }

    /** One fail point's state. */
    private static final class State {
        Mode mode = Mode.OFF;
        long modeValue;
        double probability;
        BsonDocument data = new BsonDocument();
        long timesEntered;
    }

    /** What {@code configureFailPoint} asked, parsed and checked. */
    record Setting(String name, Mode mode, long modeValue, double probability, BsonDocument data) {
    }

    /** A configureFailPoint or waitForFailPoint mongod refuses: its code and message. */
    static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }

        Reply reply() {
            return Reply.commandError(code, getMessage());
        }
    }

    private final Map<String, State> points = new TreeMap<>();
    private final Transcript transcript;
    private final IntSupplier maxWireVersion;
    private final java.util.Random random;
    private final java.util.function.LongSupplier seed;
    private boolean stopped;
    /** Whether failCommand may be on: read without the monitor, so that most requests never take it. */
    private volatile boolean failCommandSet;

    FailPoints(Transcript transcript, IntSupplier maxWireVersion, java.util.Random random,
               java.util.function.LongSupplier seed) {
        this.seed = seed;
        this.transcript = transcript;
        this.maxWireVersion = maxWireVersion;
        this.random = random;
    }

    // ------------------------------------------------------------------ configureFailPoint

    /**
     * Parses {@code configureFailPoint}'s document as mongod's {@code FailPoint::parseBSON} does.
     *
     * @throws Refused with mongod's code and message for a document mongod refuses
     */
    static Setting parse(BsonDocument command) {
        if (command.isEmpty()) {
            throw new Refused(2, "expected a configureFailPoint command, got an empty document");
        }
        BsonValue nameValue = command.get(command.getFirstKey());
        if (!nameValue.isString()) {
            throw new Refused(266, nameValue + " not found");
        }
        String name = nameValue.asString().getValue();
        if (!name.equals(FAIL_COMMAND) && !INERT.contains(name)) {
            throw new Refused(266, name + " not found");
        }
        BsonValue modeValue = command.get("mode");
        Mode mode;
        long value = 0;
        double probability = 0;
        if (modeValue == null) {
            throw new Refused(20, "When setting a failpoint, you must supply a 'mode'");
        } else if (modeValue.isString()) {
            String m = modeValue.asString().getValue();
            if (m.equals("off")) {
                mode = Mode.OFF;
            } else if (m.equals("alwaysOn")) {
                mode = Mode.ALWAYS_ON;
            } else {
                throw new Refused(2, "unknown mode: " + m);
            }
        } else if (modeValue.isDocument()) {
            BsonDocument m = modeValue.asDocument();
            if (m.containsKey("times")) {
                mode = Mode.TIMES;
                value = count(m, "times");
            } else if (m.containsKey("skip")) {
                mode = Mode.SKIP;
                value = count(m, "skip");
            } else if (m.containsKey("activationProbability")) {
                mode = Mode.RANDOM;
                BsonValue p = m.get("activationProbability");
                if (!p.isNumber()) {
                    throw new Refused(14, "the 'activationProbability' option to 'mode' must be a double between 0 "
                            + "and 1");
                }
                probability = p.asNumber().doubleValue();
                if (probability < 0 || probability > 1) {
                    throw new Refused(2, "activationProbability must be between 0.0 and 1.0; found " + probability);
                }
            } else {
                throw new Refused(2, "'mode' must be one of 'off', 'alwaysOn', '{times:n}', '{skip:n}' or "
                        + "'{activationProbability:p}'");
            }
        } else {
            throw new Refused(14, "'mode' must be a string or JSON object");
        }
        BsonDocument data = new BsonDocument();
        if (command.containsKey("data")) {
            if (!command.get("data").isDocument()) {
                throw new Refused(14, "the 'data' option must be a JSON object");
            }
            data = command.getDocument("data").clone();
        }
        return new Setting(name, mode, value, probability, data);
    }

    /** An integer option of mode, as mongod's bsonExtractIntegerField and range checks take it. */
    private static long count(BsonDocument mode, String field) {
        BsonValue v = mode.get(field);
        if (!v.isNumber()) {
            throw new Refused(14, "\"" + field + "\" had the wrong type. Expected a number, found "
                    + v.getBsonType().name().toLowerCase(java.util.Locale.ROOT));
        }
        BsonNumber n = v.asNumber();
        if (n.isDouble() && n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new Refused(2, "Expected field \"" + field + "\" to have a value exactly representable as a "
                    + "64-bit integer, but found " + n.doubleValue());
        }
        long value = n.longValue();
        if (value < 0) {
            throw new Refused(2, "'" + field + "' option to 'mode' must be positive");
        }
        if (value > Integer.MAX_VALUE) {
            throw new Refused(2, "'" + field + "' option to 'mode' is too large");
        }
        return value;
    }

    /**
     * Sets a fail point as {@code configureFailPoint} does.
     *
     * @return the times the fail point was entered before this change, mongod's {@code count}
     * @throws Refused for a document mongod refuses; the fail point is then unchanged
     */
    long configure(BsonDocument command, int connectionId) {
        Setting setting = parse(command);
        long before;
        synchronized (this) {
            State state = points.computeIfAbsent(setting.name(), n -> new State());
            before = state.timesEntered;
            state.mode = setting.mode();
            state.modeValue = setting.modeValue();
            state.probability = setting.probability();
            state.data = setting.data();
            if (setting.name().equals(FAIL_COMMAND) && setting.mode() != Mode.OFF) {
                failCommandSet = true;
            }
        }
        String extra = "";
        if (setting.name().equals(FAIL_COMMAND) && setting.mode() != Mode.OFF
                && !setting.data().containsKey("failCommands") && !setting.data().containsKey("failAllCommands")) {
            extra = " (with neither failCommands nor failAllCommands in its data it fails no command, as mongod's)";
        } else if (setting.mode() == Mode.RANDOM) {
            extra = " (draws from the random seed " + seed.getAsLong() + ": setRandomSeed(" + seed.getAsLong()
                    + "L) repeats this run)";
        } else if (INERT.contains(setting.name()) && setting.mode() != Mode.OFF) {
            extra = " (MockupDB keeps this fail point's mode and count but never enters it)";
        }
        transcript.note(connectionId, "fail point " + setting.name() + " set: " + describe(setting) + extra);
        return before;
    }

    private static String describe(Setting s) {
        String mode = switch (s.mode()) {
            case OFF -> "off";
            case ALWAYS_ON -> "alwaysOn";
            case TIMES -> "{times: " + s.modeValue() + "}";
            case SKIP -> "{skip: " + s.modeValue() + "}";
            case RANDOM -> "{activationProbability: " + s.probability() + "}";
        };
        return "mode " + mode + (s.data().isEmpty() ? "" : ", data " + s.data().toJson());
    }

    /** The reply of configureFailPoint over the wire: {@code {count, ok: 1}}, or mongod's error. */
    boolean answerConfigure(Request request) {
        if (!request.database().equals("admin")) {
            return request.reply(Reply.commandError(13, "configureFailPoint may only be run against the admin "
                    + "database."));
        }
        try {
            long before = configure(request.body(), request.connection().id());
            return request.reply(Reply.ok(new BsonDocument("count", number(before))));
        } catch (Refused e) {
            return request.reply(e.reply());
        }
    }

    /** The reply of waitForFailPoint over the wire, once the count is reached or maxTimeMS passed. */
    boolean answerWait(Request request) {
        if (!request.database().equals("admin")) {
            return request.reply(Reply.commandError(13, "waitForFailPoint may only be run against the admin "
                    + "database."));
        }
        BsonDocument body = request.body();
        BsonValue name = body.get(body.getFirstKey());
        BsonValue times = body.get("timesEntered");
        BsonValue maxTime = body.get("maxTimeMS");
        for (String field : List.of("timesEntered", "maxTimeMS")) {
            BsonValue v = body.get(field);
            if (v == null) {
                return request.reply(Reply.commandError(40414, "BSON field 'waitForFailPoint." + field
                        + "' is missing but a required field"));
            }
            if (!v.isNumber()) {
                return request.reply(Reply.commandError(14, "BSON field 'waitForFailPoint." + field
                        + "' is the wrong type '" + v.getBsonType().name().toLowerCase(java.util.Locale.ROOT)
                        + "', expected types '[long, int, decimal, double]'"));
            }
        }
        if (!name.isString() || !known(name.asString().getValue())) {
            return request.reply(Reply.commandError(266, (name.isString() ? name.asString().getValue() : name)
                    + " not found"));
        }
        long reached = await(name.asString().getValue(), times.asNumber().longValue(),
                Duration.ofMillis(Math.max(0, maxTime.asNumber().longValue())));
        if (reached < times.asNumber().longValue()) {
            return request.reply(Reply.commandError(50, "operation exceeded time limit"));
        }
        return request.reply(Reply.ok());
    }

    private static boolean known(String name) {
        return name.equals(FAIL_COMMAND) || INERT.contains(name);
    }

    /**
     * Waits until the fail point was entered {@code timesEntered} times in all, the timeout passes
     * or the server stops.
     *
     * @return the times entered when the wait ended
     */
    long await(String name, long timesEntered, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                State state = points.get(name);
                long entered = state == null ? 0 : state.timesEntered;
                long left = deadline - System.nanoTime();
                if (entered >= timesEntered || left <= 0 || stopped) {
                    return entered;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return entered;
                }
            }
        }
    }

    /** The times the fail point was entered so far. */
    synchronized long timesEntered(String name) {
        State state = points.get(name);
        return state == null ? 0 : state.timesEntered;
    }

    /** Wakes every waiter for good. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    // ------------------------------------------------------------------ failCommand

    /**
     * Evaluates failCommand for the request as mongod does before it runs a command: when the fail
     * point is on, the command and client match and the data asks to close, block or fail, the
     * mode decides (and counts); then it blocks for blockTimeMS, closes the connection, or
     * answers {@code errorCode}.
     */
    @Override
    public boolean intercept(Request request) {
        if (!failCommandSet || !request.isCommand()) {
            return false;
        }
        BsonDocument data;
        synchronized (this) {
            State state = points.get(FAIL_COMMAND);
            if (state == null || state.mode == Mode.OFF) {
                return false;
            }
            data = state.data;
            boolean close = isTrue(data.get("closeConnection"));
            boolean block = isTrue(data.get("blockConnection"));
            boolean error = integer(data.get("errorCode")) != null;
            if (!(close || block || error) || !activates(data, request) || !enter(state)) {
                return false;
            }
        }
        String name = request.commandName().orElseThrow();
        Duration block = Duration.ZERO;
        if (isTrue(data.get("blockConnection"))) {
            Long ms = integer(data.get("blockTimeMS"));
            if (ms == null) {
                note(request, "blockConnection without an integer blockTimeMS: InvalidOptions, as mongod");
                return request.reply(Reply.commandError(72, "must specify 'blockTimeMS' when 'blockConnection' is "
                        + "true"));
            }
            if (ms < 0) {
                note(request, "a negative blockTimeMS: InvalidOptions, as mongod");
                return request.reply(Reply.commandError(72, "'blockTimeMS' must be non-negative"));
            }
            block = Duration.ofMillis(ms);
        }
        if (isTrue(data.get("closeConnection"))) {
            note(request, (block.isZero() ? "" : "block " + block.toMillis() + " ms, then ") + "closeConnection");
            return request.reply(Fault.hangUp().delayedBy(block));
        }
        Long code = integer(data.get("errorCode"));
        if (code != null) {
            Reply error = Reply.commandError((int) (long) code, MESSAGE);
            BsonValue labels = data.get("errorLabels");
            if (labels != null && labels.isArray()) {
                List<String> given = new ArrayList<>();
                for (BsonValue label : labels.asArray()) {
                    if (label.isString()) {
                        given.add(label.asString().getValue());
                    }
                }
                error = error.withErrorLabels(given.toArray(new String[0]));
            }
            note(request, (block.isZero() ? "" : "block " + block.toMillis() + " ms, then ") + "errorCode " + code
                    + " to " + name);
            return request.reply(block.isZero() ? error : error.delayedBy(block));
        }
        note(request, "block " + block.toMillis() + " ms before " + name + " goes on");
        blockFor(request.connection(), block);
        return request.isAnswered();
    }

    /** Blocks the connection's thread, as mongod's operation sleeps; ends early when the connection closes. */
    private static void blockFor(Connection connection, Duration block) {
        if (connection instanceof ServerConnection live) {
            live.awaitClose(block);
            return;
        }
        try {
            Thread.sleep(block.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds failCommand's {@code writeConcernError} to the normal reply of a write command, as
     * mongod does once the command ran: with {@code errorLabels} when given and not empty, else
     * with the labels mongod adds for such an error.
     */
    @Override
    public Response filter(Request request, Response response) {
        if (!failCommandSet || !(response instanceof Reply reply) || !request.isCommand() || !acknowledged(reply)
                || !supportsWriteConcern(request)) {
            return response;
        }
        BsonDocument data;
        synchronized (this) {
            State state = points.get(FAIL_COMMAND);
            if (state == null || state.mode == Mode.OFF) {
                return response;
            }
            data = state.data;
            if (!data.containsKey("writeConcernError") || !activates(data, request) || !enter(state)) {
                return response;
            }
        }
        BsonValue wce = data.get("writeConcernError");
        Reply.Builder changed = reply.toBuilder().field("writeConcernError", wce);
        BsonValue labels = data.get("errorLabels");
        List<String> added = List.of();
        if (labels != null && labels.isArray()) {
            if (!labels.asArray().isEmpty()) {
                changed.field("errorLabels", labels);
            }
        } else if (wce.isDocument() && integer(wce.asDocument().get("code")) != null
                && !request.body().containsKey("autocommit")) {
            added = ErrorLabels.forError((int) (long) integer(wce.asDocument().get("code")),
                    request.commandName().orElseThrow(), request.body(), maxWireVersion.getAsInt());
            if (!added.isEmpty()) {
                BsonArray array = new BsonArray();
                added.forEach(l -> array.add(new BsonString(l)));
                changed.field("errorLabels", array);
            }
        }
        note(request, "writeConcernError " + wce.toString() + " added to the reply");
        return changed.build();
    }

    private static boolean acknowledged(Reply reply) {
        if (reply.kind() == Reply.Kind.OK) {
            BsonValue ok = reply.documents().get(0).get("ok");
            return ok == null || (ok.isNumber() && ok.asNumber().doubleValue() == 1) || BsonBoolean.TRUE.equals(ok);
        }
        if (reply.kind() == Reply.Kind.DOCUMENTS && reply.documents().size() == 1) {
            BsonValue ok = reply.documents().get(0).get("ok");
            return ok != null && ok.isNumber() && ok.asNumber().doubleValue() == 1;
        }
        return false;
    }

    private static boolean supportsWriteConcern(Request request) {
        String name = request.commandName().orElseThrow();
        if (WRITE_CONCERN_COMMANDS.contains(name)) {
            return true;
        }
        if (name.equals("aggregate") && request.body().get("pipeline") instanceof BsonArray pipeline) {
            for (BsonValue stage : pipeline) {
                if (stage.isDocument() && (stage.asDocument().containsKey("$out")
                        || stage.asDocument().containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether failCommand's data selects this request, as mongod's shouldActivateFailCommandFailPoint:
     * never configureFailPoint; appName, namespace and internal clients; failAllCommands, or the
     * command (or an alias of it) in failCommands.
     */
    static boolean activates(BsonDocument data, Request request) {
        String name = request.commandName().orElse(null);
        if (name == null || name.equals("configureFailPoint")) {
            return false;
        }
        Connection connection = request.connection();
        if (data.containsKey("appName")) {
            BsonValue app = data.get("appName");
            String wanted = app.isString() ? app.asString().getValue() : "";
            if (!connection.appName().orElse("").equals(wanted)) {
                return false;
            }
        }
        if (data.containsKey("namespace")) {
            BsonValue ns = data.get("namespace");
            if (!ns.isString() || !ns.asString().getValue().equals(request.namespace())) {
                return false;
            }
        }
        boolean internal = connection.handshake().map(h -> h.containsKey("internalClient")).orElse(false);
        if (internal && !isTrue(data.get("failInternalCommands"))) {
            return false;
        }
        if (data.containsKey("failAllCommands")) {
            return true;
        }
        BsonValue commands = data.get("failCommands");
        if (commands == null || !commands.isArray()) {
            return false;
        }
        String canonical = ALIASES.getOrDefault(name, name);
        for (BsonValue c : commands.asArray()) {
            if (c.isString() && ALIASES.getOrDefault(c.asString().getValue(), c.asString().getValue())
                    .equals(canonical)) {
                return true;
            }
        }
        return false;
    }

    /** Under the monitor: the mode's decision, as mongod's _evaluateByMode; counts an entry when it fires. */
    private boolean enter(State state) {
        boolean fires = switch (state.mode) {
            case OFF -> false;
            case ALWAYS_ON -> true;
            case RANDOM -> random.nextDouble() < state.probability;
            case TIMES -> {
                if (--state.modeValue <= 0) {
                    state.mode = Mode.OFF;
                }
                yield true;
            }
            case SKIP -> state.modeValue <= 0 || --state.modeValue < 0;
        };
        if (fires) {
            state.timesEntered++;
            notifyAll();
        }
        return fires;
    }

    private void note(Request request, String what) {
        transcript.note(request.connection().id(), "fail point failCommand on request " + request.requestId() + ": "
                + what);
    }

    private static boolean isTrue(BsonValue value) {
        return value != null && value.isBoolean() && value.asBoolean().getValue();
    }

    /** An integer as mongod's bsonExtractIntegerField takes it (a whole number of any numeric type), or null. */
    static Long integer(BsonValue value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        BsonNumber n = value.asNumber();
        if (n.isDouble() && n.doubleValue() != Math.rint(n.doubleValue())) {
            return null;
        }
        return n.longValue();
    }

    static BsonValue number(long value) {
        return value <= Integer.MAX_VALUE ? new BsonInt32((int) value) : new BsonInt64(value);
    }
}
