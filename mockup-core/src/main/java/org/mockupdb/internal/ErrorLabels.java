package org.mockupdb.internal;

import java.util.List;
import java.util.Set;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The error labels mongod adds to a command error, so that a driver retries against the mock as
 * it would against mongod (mongod 4.4+, wire version 9+; older servers add none and drivers decide
 * by code). After mongod's {@code src/mongo/db/error_labels.cpp} and the retryable writes and
 * transactions specifications:
 * <ul>
 *   <li>{@code RetryableWriteError}: a retryable write (insert, update, delete, findAndModify,
 *       bulkWrite with a {@code txnNumber}, outside a multi-document transaction), or
 *       commitTransaction/abortTransaction, failing with a retryable code.</li>
 *   <li>{@code TransientTransactionError}: a command inside a multi-document transaction
 *       ({@code autocommit: false}), other than commitTransaction, failing with a write conflict, a
 *       lock timeout, NoSuchTransaction or a retryable code.</li>
 * </ul>
 */
public final class ErrorLabels {
    /** The retryable writes specification's retryable codes (mongod's ErrorCategory::RetriableError). */
    private static final Set<Integer> RETRYABLE = Set.of(6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602,
            13435, 13436);
    private static final Set<Integer> TRANSIENT = Set.of(24, 112, 251, 267);
    private static final Set<String> RETRYABLE_WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "bulkwrite");
    private static final int FIRST_LABELLING_WIRE_VERSION = 9;

    private ErrorLabels() {
    }

    /**
     * The labels mongod would add to error {@code code} answering {@code command}.
     *
     * @param maxWireVersion the server's maxWireVersion: below 9 (MongoDB 4.4) mongod adds none
     */
    public static List<String> forError(int code, String commandName, BsonDocument command, int maxWireVersion) {
        if (maxWireVersion < FIRST_LABELLING_WIRE_VERSION || commandName == null) {
            return List.of();
        }
        String name = commandName.toLowerCase(java.util.Locale.ROOT);
        boolean inTransaction = isFalse(command.get("autocommit"));
        boolean commitOrAbort = name.equals("committransaction") || name.equals("aborttransaction");
        if (inTransaction && !commitOrAbort) {
            return TRANSIENT.contains(code) || RETRYABLE.contains(code)
                    ? List.of("TransientTransactionError") : List.of();
        }
        boolean retryableWrite = commitOrAbort
                || (RETRYABLE_WRITES.contains(name) && command.containsKey("txnNumber"));
        return retryableWrite && RETRYABLE.contains(code) ? List.of("RetryableWriteError") : List.of();
    }

    private static boolean isFalse(BsonValue value) {
        return value instanceof BsonBoolean b && !b.getValue();
    }
}
