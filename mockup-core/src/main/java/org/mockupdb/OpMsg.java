package org.mockupdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.WireMessage;

/** An OP_MSG: every command of a modern driver. */
public final class OpMsg extends Request {
    /** flagBits bit 0: the message ends with a CRC-32C checksum. */
    public static final int CHECKSUM_PRESENT = WireMessage.Msg.CHECKSUM_PRESENT;
    /** flagBits bit 1: the sender will not wait for a reply. */
    public static final int MORE_TO_COME = WireMessage.Msg.MORE_TO_COME;
    /** flagBits bit 16: the client accepts several replies (exhaust). */
    public static final int EXHAUST_ALLOWED = WireMessage.Msg.EXHAUST_ALLOWED;

    private final int flagBits;
    private final BsonDocument body;
    private final Map<String, List<BsonDocument>> sequences;
    private final String database;

    OpMsg(Arrival arrival, WireMessage.Msg msg) {
        super(arrival);
        this.flagBits = msg.flagBits();
        this.sequences = msg.sequences();
        if (sequences.isEmpty()) {
            this.body = msg.body();
        } else {
            BsonDocument merged = msg.body().clone();
            for (Map.Entry<String, List<BsonDocument>> sequence : sequences.entrySet()) {
                merged.put(sequence.getKey(), new BsonArray(List.copyOf(sequence.getValue())));
            }
            this.body = merged;
        }
        BsonValue db = body.get("$db");
        this.database = db != null && db.isString() ? db.asString().getValue() : "";
    }

    /**
     * An OP_MSG with this body, built without a socket, for testing specs and matchers: its
     * connection is connection 0 and its reply is only recorded in {@link #response()}.
     *
     * @param body the body (a Document, BsonDocument or any Bson), its command name first
     * @return the message
     */
    public static OpMsg of(Bson body) {
        return of(body, 0);
    }

    /**
     * Like {@link #of(Bson)}, with these flagBits.
     *
     * @param body the body, its command name first
     * @param flagBits the message's flagBits, such as {@link #MORE_TO_COME}
     * @return the message
     */
    public static OpMsg of(Bson body, int flagBits) {
        BsonDocument doc = BsonValues.toBsonDocument(java.util.Objects.requireNonNull(body, "body")).clone();
        return new OpMsg(Arrival.detached(0), new WireMessage.Msg(flagBits, doc, Map.of()));
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_MSG;
    }

    /** The body, with each document sequence merged in as an array field of its identifier. */
    @Override
    public BsonDocument body() {
        return body;
    }

    /** The body alone: {@link #body()}. */
    @Override
    public List<BsonDocument> documents() {
        return List.of(body);
    }

    /** {@return the kind-1 document sequences by identifier, in wire order; empty when there are none} */
    public Map<String, List<BsonDocument>> documentSequences() {
        return sequences;
    }

    /** The body's {@code $db}. */
    @Override
    public String database() {
        return database;
    }

    @Override
    public String namespace() {
        return commandNamespace(database, body);
    }

    /** flagBits. */
    @Override
    public int flags() {
        return flagBits;
    }

    /** {@return whether the message ends with a CRC-32C checksum (flag bit {@link #CHECKSUM_PRESENT})} */
    public boolean checksumPresent() {
        return (flagBits & CHECKSUM_PRESENT) != 0;
    }

    /** {@return whether the sender sends another message without waiting for an answer (flag bit {@link #MORE_TO_COME})} */
    public boolean moreToCome() {
        return (flagBits & MORE_TO_COME) != 0;
    }

    /** {@return whether the client accepts several replies to this request (flag bit {@link #EXHAUST_ALLOWED})} */
    public boolean exhaustAllowed() {
        return (flagBits & EXHAUST_ALLOWED) != 0;
    }

    @Override
    public Optional<String> commandName() {
        return body.isEmpty() ? Optional.empty() : Optional.of(body.getFirstKey());
    }

    @Override
    public boolean expectsReply() {
        return !moreToCome();
    }

    @Override
    String noReplyReason() {
        return "OP_MSG with moreToCome gets no reply";
    }



    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OpMsg(").append(BsonValues.json(body))
                .append(", namespace=\"").append(namespace()).append('"');
        if (flagBits != 0) {
            sb.append(", flags=");
            StringBuilder names = new StringBuilder();
            if (checksumPresent()) {
                names.append("|checksumPresent");
            }
            if (moreToCome()) {
                names.append("|moreToCome");
            }
            if (exhaustAllowed()) {
                names.append("|exhaustAllowed");
            }
            int other = flagBits & ~(CHECKSUM_PRESENT | MORE_TO_COME | EXHAUST_ALLOWED);
            if (other != 0) {
                names.append(String.format("|0x%x", other));
            }
            sb.append(names.substring(1));
        }
        return sb.append(suffix()).append(')').toString();
    }
}
