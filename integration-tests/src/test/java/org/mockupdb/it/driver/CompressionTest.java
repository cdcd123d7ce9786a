package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/** Compressed conversations with the real driver: the server agrees, unwraps, and answers in kind. */
class CompressionTest {

    @ParameterizedTest
    @ValueSource(strings = {"zlib", "snappy", "zstd"})
    void aCompressedConversationWorksEndToEnd(String compressor) {
        try (MockupServer server = new MockupServer().start();
             MongoClient client = Clients.connect(server.uri() + "/?compressors=" + compressor)) {
            MongoCollection<Document> coll = client.getDatabase("db").getCollection("coll");
            String big = "compressible ".repeat(500);
            Outcome<List<Document>> find = Go.go(() -> coll.find(new Document("text", big)).into(new ArrayList<>()));
            Request request = server.receives(Spec.command("find", "coll").compressedWith(compressor)
                    .withField("filter", new Document("text", big)));
            assertEquals(Optional.of(compressor), request.compressor());
            request.ok(new Document("cursor", new Document("id", 0L).append("ns", "db.coll")
                    .append("firstBatch", List.of(new Document("_id", 1).append("text", big)))));
            assertEquals(List.of(new Document("_id", 1).append("text", big)), find.get());

            Request handshake = poolHandshake(server);
            assertTrue(handshake.compressor().isEmpty(), "the handshake itself is never compressed");
            assertEquals(List.of(compressor), handshake.body().getArray("compression").stream()
                    .map(v -> v.asString().getValue()).toList());
        }
    }

    /** The handshake of the connection pool's connection; the monitor's asks for no compression. */
    private static Request poolHandshake(MockupServer server) {
        List<Request> handshakes = server.requests().stream()
                .filter(r -> r.matches(Spec.command("isMaster"))).toList();
        assertEquals(2, handshakes.size(), "a monitoring connection and a pooled one: " + handshakes);
        assertTrue(handshakes.stream().anyMatch(r -> !r.body().containsKey("compression")),
                "the monitoring connection asks for no compression");
        return handshakes.stream().filter(r -> r.body().containsKey("compression")).findFirst().orElseThrow();
    }

    @Test
    void onlyCompressorsBothSidesKnowAreAgreed() {
        try (MockupServer server = new MockupServer().start();
             MongoClient client = Clients.connect(server.uri() + "/?compressors=zstd,zlib")) {
            Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
            Request request = server.receives("ping");
            assertEquals(Optional.of("zstd"), request.compressor(), "the client's first choice wins");
            request.ok();
            ping.get();
            assertEquals(List.of("zstd", "zlib"), server.helloReply(poolHandshake(server)).getArray("compression")
                    .stream().map(v -> v.asString().getValue()).toList());
        }
    }
}
