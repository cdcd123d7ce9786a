package org.mockupdb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The server's side of one SCRAM conversation, step by step as mongod's
 * {@code SaslSCRAMServerMechanism::stepImpl} (src/mongo/db/auth/sasl_scram_server_conversation.cpp):
 * step 1 parses client-first and answers server-first; step 2 checks the nonce and the proof and
 * answers server-final ({@code v=...}), done at once when the client asked {@code skipEmptyExchange};
 * step 3 is the empty final round. A failed step is reported with mongod's log reason; the engine
 * turns it into "Authentication failed." as mongod's {@code doSaslStep} does.
 */
final class ScramConversation {
    /** A step's outcome: the payload to send and whether the conversation is done, or why it failed. */
    record Step(boolean done, String payload, String failure) {
        static Step reply(boolean done, String payload) {
            return new Step(done, payload, null);
        }

        static Step fail(String reason) {
            return new Step(false, null, reason);
        }

        boolean failed() {
            return failure != null;
        }
    }

    /** What a conversation needs from the engine. */
    interface Server {
        AuthUser user(String name, String database);

        String serverNonceSuffix();

        boolean takeFault(AuthFault fault);
    }

    private final ScramMechanism mechanism;
    private final String database;
    private final boolean skipEmptyExchange;
    private final boolean speculative;
    private int step;
    private String principal;
    private String nonce;
    private String authMessage;
    private ScramCredential credential;

    ScramConversation(ScramMechanism mechanism, String database, boolean skipEmptyExchange, boolean speculative) {
        this.mechanism = mechanism;
        this.database = database;
        this.skipEmptyExchange = skipEmptyExchange;
        this.speculative = speculative;
    }

    ScramMechanism mechanism() {
        return mechanism;
    }

    String database() {
        return database;
    }

    boolean speculative() {
        return speculative;
    }

    /** The user name the client gave in client-first, once step 1 has parsed it. */
    String principal() {
        return principal;
    }

    Step step(String input, Server server) {
        step++;
        return switch (step) {
            case 1 -> firstStep(input, server);
            case 2 -> secondStep(input, server);
            case 3 -> Step.reply(true, "");
            default -> Step.fail("Invalid SCRAM authentication step: " + step);
        };
    }

    /* client-first-message := gs2-header client-first-message-bare; gs2-header := ("n" | "y") "," [authzid] "," */
    private Step firstStep(String input, Server server) {
        int cbindComma = input.indexOf(',');
        if (cbindComma < 0) {
            return badFirstCount(1);
        }
        String cbindFlag = input.substring(0, cbindComma);
        if (cbindFlag.startsWith("p=")) {
            return Step.fail("Server does not support channel binding");
        }
        if (!cbindFlag.equals("y") && !cbindFlag.equals("n")) {
            return Step.fail("Incorrect SCRAM client message prefix: " + cbindFlag);
        }
        int headerComma = input.indexOf(',', cbindComma + 1);
        if (headerComma < 0) {
            return badFirstCount(2);
        }
        String authzId = input.substring(cbindComma + 1, headerComma);
        if (!authzId.isEmpty()) {
            if (!authzId.startsWith("a=")) {
                return Step.fail("Incorrect SCRAM authzid: " + authzId);
            }
            authzId = authzId.substring(2);
        }
        String bare = input.substring(headerComma + 1);
        if (bare.startsWith("m=")) {
            return Step.fail("SCRAM mandatory extensions are not supported");
        }
        List<String> fields = split(bare);
        if (fields.size() < 2) {
            return badFirstCount(fields.size() + 2);
        }
        if (!fields.get(0).startsWith("n=") || fields.get(0).length() < 3) {
            return Step.fail("Invalid SCRAM user name: " + fields.get(0));
        }
        principal = fields.get(0).substring(2).replace("=2C", ",").replace("=3D", "=");
        if (!authzId.isEmpty() && !principal.equals(authzId)) {
            return Step.fail("SCRAM user name " + principal + " does not match authzid " + authzId);
        }
        if (!fields.get(1).startsWith("r=") || fields.get(1).length() < 6) {
            return Step.fail("Invalid SCRAM client nonce: " + fields.get(1));
        }
        String clientNonce = fields.get(1).substring(2);
        AuthUser user = server.user(principal, database);
        if (user == null) {
            // mongod's UserNotFound from acquireUser.
            return Step.fail("Could not find user \"" + principal + "\" for db \"" + database + "\"");
        }
        credential = user.credential(mechanism);
        if (credential == null) {
            // mongod's MechanismUnavailable, which the client sees as AuthenticationFailed like any step failure.
            return Step.fail("Unable to use " + mechanism + " based authentication for user without any "
                    + mechanism + " credentials registered");
        }
        String suffix = server.serverNonceSuffix();
        nonce = clientNonce + suffix;
        String advertised = server.takeFault(AuthFault.WRONG_SERVER_NONCE) ? "x" + suffix + clientNonce : nonce;
        String serverFirst = "r=" + advertised + ",s=" + credential.saltBase64() + ",i=" + credential.iterations();
        authMessage = bare + "," + serverFirst;
        return Step.reply(false, serverFirst);
    }

    /* client-final-message := channel-binding "," nonce ["," extensions] "," proof */
    private Step secondStep(String input, Server server) {
        int lastComma = input.lastIndexOf(',');
        if (lastComma < 0) {
            return badSecondCount(1);
        }
        String withoutProof = input.substring(0, lastComma);
        authMessage += "," + withoutProof;
        String lastField = input.substring(lastComma + 1);
        if (lastField.length() < 3 || !lastField.startsWith("p=")) {
            return Step.fail("Incorrect SCRAM ClientProof: " + lastField);
        }
        List<String> fields = split(withoutProof);
        if (fields.size() < 2) {
            return badSecondCount(fields.size() + 1);
        }
        if (!fields.get(0).startsWith("c=") || fields.get(0).length() < 3) {
            return Step.fail("Incorrect SCRAM channel binding: " + fields.get(0));
        }
        if (!fields.get(1).startsWith("r=") || fields.get(1).length() < 6) {
            return Step.fail("Incorrect SCRAM client|server nonce: " + fields.get(1));
        }
        String received = fields.get(1).substring(2);
        if (!received.equals(nonce)) {
            return Step.fail("Unmatched SCRAM nonce received from client in second step, expected " + nonce
                    + " but received " + received);
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(lastField.substring(2));
        } catch (IllegalArgumentException e) {
            return Step.fail("Incorrect SCRAM ClientProof: " + lastField + " is not base64");
        }
        if (!Scram.verifyClientProof(mechanism, credential.storedKeyUnsafe(), authMessage, proof)) {
            return Step.fail("SCRAM authentication failed, storedKey mismatch");
        }
        byte[] signature = Scram.serverSignature(mechanism, credential.serverKeyUnsafe(), authMessage);
        if (server.takeFault(AuthFault.WRONG_SERVER_SIGNATURE)) {
            signature[signature.length / 2] ^= 0x5A;
        }
        return Step.reply(skipEmptyExchange, "v=" + Base64.getEncoder().encodeToString(signature));
    }

    private static Step badFirstCount(int got) {
        return Step.fail("Incorrect number of arguments for first SCRAM client message, got " + got
                + " expected at least 3");
    }

    private static Step badSecondCount(int got) {
        return Step.fail("Incorrect number of arguments for second SCRAM client message, got " + got
                + " expected at least 3");
    }

    /** Splits on commas and skips empty pieces, as mongod's absl::StrSplit with SkipEmpty does. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String piece : s.split(",", -1)) {
            if (!piece.isEmpty()) {
                out.add(piece);
            }
        }
        return out;
    }

    static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
