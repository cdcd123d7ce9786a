package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;

/** The Java driver over a Unix domain socket (its jnr-unixsocket transport), through {@code server.uri()}. */
class UnixSocketDriverTest {

    @Test
    void theDriverConnectsThroughTheUriAndSeesRepliesAndHangUps(@TempDir Path dir) {
        Path path = dir.resolve("mockupdb.sock");
        try (MockupServer server = MockupServer.builder().unixSocket(path).start();
             MongoClient client = Clients.connect(server.uri() + "/?retryWrites=false")) {
            Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
            Request request = server.receives("ping");
            request.ok(new Document("over", "unix"));
            assertEquals("unix", ping.get().getString("over"));
            assertEquals(-1, request.connection().clientPort(), "no TCP port on a Unix socket");

            Outcome<Object> insert = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .insertOne(new Document("_id", 1)));
            server.receives("insert").hangUp();
            assertThrows(MongoSocketException.class, insert::get);
        }
        assertFalse(Files.exists(path), "the socket file is removed on stop");
    }
}
