package org.mockupdb.internal.auth;

import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.mockupdb.Reply;
import org.mockupdb.internal.wire.ErrorCodes;

/**
 * The engine's answer to an authentication command, as mongod would send it: success fields
 * (without {@code ok}, which {@link #toReply()} and {@link #document()} add), or a command error
 * with mongod's code and errmsg. A failure also carries the reason mongod would only log (it tells
 * the client no more than "Authentication failed."), for the transcript and for test messages.
 */
public final class AuthReply {
    private final BsonDocument fields;
    private final int code;
    private final String errmsg;
    private final String reason;
    private final List<AuthFault> faults;

    private AuthReply(BsonDocument fields, int code, String errmsg, String reason, List<AuthFault> faults) {
        this.fields = fields;
        this.code = code;
        this.errmsg = errmsg;
        this.reason = reason;
        this.faults = faults;
    }

    private AuthReply(BsonDocument fields, int code, String errmsg, String reason) {
        this(fields, code, errmsg, reason, List.of());
    }

    /** The same reply, noting that it carries these injected faults. */
    AuthReply withFaults(List<AuthFault> carried) {
        return carried.isEmpty() ? this : new AuthReply(fields, code, errmsg, reason, List.copyOf(carried));
    }

    /** The faults {@link AuthEngine#injectFault} put into this reply, for the transcript; usually none. */
    public List<AuthFault> faults() {
        return faults;
    }

    static AuthReply ok(BsonDocument fields) {
        return new AuthReply(Objects.requireNonNull(fields), 0, null, null);
    }

    static AuthReply error(int code, String errmsg) {
        return new AuthReply(null, code, errmsg, errmsg);
    }

    /** mongod's masked failure: code 18 and "Authentication failed." to the client; the reason kept here. */
    static AuthReply authenticationFailed(String reason) {
        return new AuthReply(null, AuthEngine.AUTHENTICATION_FAILED, AuthEngine.AUTHENTICATION_FAILED_MESSAGE, reason);
    }

    public boolean isOk() {
        return fields != null;
    }

    /** The success fields without {@code ok}; an empty document for an error. */
    public BsonDocument fields() {
        return fields == null ? new BsonDocument() : fields.clone();
    }

    /** The error code; 0 for success. */
    public int code() {
        return code;
    }

    /** The error message the client sees; null for success. */
    public String errmsg() {
        return errmsg;
    }

    /** Why it failed, in mongod's log words (more than the client is told); null for success. */
    public String reason() {
        return reason;
    }

    /** The reply document: the fields and {@code ok: 1}, or {@code {ok: 0, errmsg, code, codeName}}. */
    public BsonDocument document() {
        if (isOk()) {
            return fields().append("ok", new BsonDouble(1));
        }
        BsonDocument doc = new BsonDocument("ok", new BsonDouble(0))
                .append("errmsg", new BsonString(errmsg))
                .append("code", new BsonInt32(code));
        String name = ErrorCodes.nameOf(code);
        if (name != null) {
            doc.append("codeName", new BsonString(name));
        }
        return doc;
    }

    /** The same as a {@link Reply} to write to the request. */
    public Reply toReply() {
        return isOk() ? Reply.ok(fields) : Reply.commandError(code, errmsg);
    }

    @Override
    public String toString() {
        return isOk() ? "AuthReply.ok(" + fields.toJson() + ")"
                : "AuthReply.error(" + code + ", \"" + errmsg + "\"" + (reason.equals(errmsg) ? "" : ", reason: " + reason) + ")";
    }
}
