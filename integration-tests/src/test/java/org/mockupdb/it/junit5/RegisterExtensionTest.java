package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.result.InsertOneResult;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupServerExtension;

/** The programmatic form: any Builder setting (here TLS, a request timeout and a hello field), and its client. */
class RegisterExtensionTest {
    @RegisterExtension
    static MockupServerExtension mockup = MockupServerExtension.builder()
            .server(b -> b.tls().requestTimeout(Duration.ofSeconds(3)).helloField("msg", "isdbgrid"))
            .clientUriOptions("appName=orders")
            .client(settings -> settings.retryWrites(false))
            .build();

    @Test
    void insertOverTlsToAMongos() {
        MockupServer server = mockup.server();
        assertTrue(server.isTls());
        Outcome<InsertOneResult> insert = Go.go(() -> mockup.client().getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        server.receives(Spec.command("insert", "orders")).ok(new Document("n", 1));
        assertEquals(1, insert.get().getInsertedId().asInt32().getValue());
        assertEquals(com.mongodb.connection.ServerType.SHARD_ROUTER,
                mockup.client().getClusterDescription().getServerDescriptions().get(0).getType());
    }
}
