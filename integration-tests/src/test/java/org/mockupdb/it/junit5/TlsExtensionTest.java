package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;

/** {@code @MockupDB(tls = true)}: the server serves TLS and the injected client trusts it. */
@MockupDB(tls = true)
class TlsExtensionTest {

    @Test
    @AutoRespond("ping")
    void theInjectedClientTalksTlsToTheInjectedServer(MockupServer server, MongoClient client) {
        assertTrue(server.isTls());
        assertTrue(server.uri().endsWith("/?tls=true"), server.uri());
        assertEquals(1.0, client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok", Number.class)
                .doubleValue());
        Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
        server.receives("count").ok(new Document("n", 3));
        assertEquals(3, count.get().getInteger("n"));
    }
}
