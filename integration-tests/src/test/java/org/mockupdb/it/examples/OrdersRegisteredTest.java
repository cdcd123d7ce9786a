package org.mockupdb.it.examples;

// The README's @RegisterExtension example, run by Maven as any test class.

// README: register-extension
import com.mongodb.client.result.InsertOneResult;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockupdb.Go;
import org.mockupdb.Outcome;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupServerExtension;

class OrdersRegisteredTest {
    @RegisterExtension   // static: one server for the class (and its @Nested classes); instance field: one per test
    static MockupServerExtension mockup = MockupServerExtension.builder()
            .server(b -> b.tls().requestTimeout(Duration.ofSeconds(3)).helloField("msg", "isdbgrid"))
            .clientUriOptions("retryWrites=false")
            .client(settings -> settings.applicationName("orders-test"))
            .failOnUnhandled(true)           // unless called, mockupdb.failOnUnhandled decides
            .build();

    @Test
    void insert() {
        Outcome<InsertOneResult> insert = Go.go(() -> mockup.client().getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        mockup.server().receives(Spec.command("insert", "orders")).ok(new Document("n", 1));
        insert.get();
    }
}
// README: end
