package org.mockupdb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/** The client's side of SCRAM, for driving the engine (and a server, from other test packages) in tests: builds the commands, checks the server. */
public final class ScramClient {
    final ScramMechanism mechanism;
    final String user;
    final String password;
    final String clientNonce;
    String clientFirstBare;
    String serverFirst;
    String authMessage;
    byte[] serverKey;

    public ScramClient(ScramMechanism mechanism, String user, String password, String clientNonce) {
        this.mechanism = mechanism;
        this.user = user;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    public String clientFirst() {
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    public BsonDocument saslStart() {
        return new BsonDocument("saslStart", new BsonInt32(1))
                .append("mechanism", new BsonString(mechanism.mechanismName()))
                .append("payload", binary(clientFirst()));
    }

    /** The client-final message for this server-first message. */
    public String clientFinal(String serverFirstMessage) {
        serverFirst = serverFirstMessage;
        Map<String, String> fields = parse(serverFirstMessage);
        String nonce = fields.get("r");
        byte[] salt = Base64.getDecoder().decode(fields.get("s"));
        int iterations = Integer.parseInt(fields.get("i"));
        byte[] salted = Scram.saltedPassword(mechanism, mechanism.digestPassword(user, password), salt, iterations);
        String withoutProof = "c=biws,r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirstMessage + "," + withoutProof;
        serverKey = Scram.serverKey(mechanism, salted);
        byte[] proof = Scram.clientProof(mechanism, Scram.clientKey(mechanism, salted), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    public String expectedServerFinal() {
        return "v=" + Base64.getEncoder().encodeToString(Scram.serverSignature(mechanism, serverKey, authMessage));
    }

    public static BsonDocument saslContinue(String payload) {
        return new BsonDocument("saslContinue", new BsonInt32(1))
                .append("conversationId", new BsonInt32(1))
                .append("payload", binary(payload));
    }

    public static BsonBinary binary(String s) {
        return new BsonBinary(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String payload(BsonDocument reply) {
        return new String(reply.getBinary("payload").getData(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> parse(String message) {
        Map<String, String> fields = new HashMap<>();
        for (String field : message.split(",")) {
            fields.put(field.substring(0, 1), field.substring(2));
        }
        return fields;
    }
}
