package org.mockupdb.internal.wire;

import java.util.Map;

/** MongoDB server error codes and their names, for the codeName field of error replies. */
public final class ErrorCodes {
    public static final int PROTOCOL_ERROR = 17;
    public static final int INVALID_BSON = 22;
    public static final int COMMAND_NOT_FOUND = 59;
    /** A document nested deeper than mongod's maxBSONDepth. */
    public static final int OVERFLOW = 45;
    /** A document larger than mongod reads (its BSONObjMaxInternalSize, 16 MiB + 16 KiB). */
    public static final int BSON_OBJECT_TOO_LARGE = 10334;
    public static final int INTERNAL_ERROR = 1;
    public static final int SHUTDOWN_IN_PROGRESS = 91;
    public static final int WRITE_CONFLICT = 112;
    public static final int NOT_WRITABLE_PRIMARY = 10107;
    public static final int NOT_PRIMARY_OR_SECONDARY = 13436;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "InternalError"),
            Map.entry(2, "BadValue"),
            Map.entry(4, "NoSuchKey"),
            Map.entry(6, "HostUnreachable"),
            Map.entry(7, "HostNotFound"),
            Map.entry(8, "UnknownError"),
            Map.entry(9, "FailedToParse"),
            Map.entry(11, "UserNotFound"),
            Map.entry(13, "Unauthorized"),
            Map.entry(14, "TypeMismatch"),
            Map.entry(17, "ProtocolError"),
            Map.entry(18, "AuthenticationFailed"),
            Map.entry(20, "IllegalOperation"),
            Map.entry(22, "InvalidBSON"),
            Map.entry(24, "LockTimeout"),
            Map.entry(26, "NamespaceNotFound"),
            Map.entry(27, "IndexNotFound"),
            Map.entry(43, "CursorNotFound"),
            Map.entry(45, "Overflow"),
            Map.entry(48, "NamespaceExists"),
            Map.entry(50, "MaxTimeMSExpired"),
            Map.entry(59, "CommandNotFound"),
            Map.entry(67, "CannotCreateIndex"),
            Map.entry(72, "InvalidOptions"),
            Map.entry(76, "NoReplicationEnabled"),
            Map.entry(85, "IndexOptionsConflict"),
            Map.entry(86, "IndexKeySpecsConflict"),
            Map.entry(89, "NetworkTimeout"),
            Map.entry(91, "ShutdownInProgress"),
            Map.entry(96, "OperationFailed"),
            Map.entry(112, "WriteConflict"),
            Map.entry(121, "DocumentValidationFailure"),
            Map.entry(133, "FailedToSatisfyReadPreference"),
            Map.entry(189, "PrimarySteppedDown"),
            Map.entry(211, "KeyNotFound"),
            Map.entry(251, "NoSuchTransaction"),
            Map.entry(262, "ExceededTimeLimit"),
            Map.entry(267, "PreparedTransactionInProgress"),
            Map.entry(334, "MechanismUnavailable"),
            Map.entry(9001, "SocketException"),
            Map.entry(10334, "BSONObjectTooLarge"),
            Map.entry(10107, "NotWritablePrimary"),
            Map.entry(11000, "DuplicateKey"),
            Map.entry(11600, "InterruptedAtShutdown"),
            Map.entry(11601, "Interrupted"),
            Map.entry(11602, "InterruptedDueToReplStateChange"),
            Map.entry(13435, "NotPrimaryNoSecondaryOk"),
            Map.entry(13436, "NotPrimaryOrSecondary"),
            // An IDL parser's "BSON field 'x.y' is missing but a required field": mongod names it by its location.
            Map.entry(40414, "Location40414"));

    private ErrorCodes() {
    }

    /** The server's name for this code, or null for a code it does not name. */
    public static String nameOf(int code) {
        return NAMES.get(code);
    }
}
