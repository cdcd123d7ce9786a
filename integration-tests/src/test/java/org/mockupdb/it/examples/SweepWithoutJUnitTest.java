package org.mockupdb.it.examples;

// The README's fault sweep without JUnit's template: the core API, with a scenario as a lambda over a
// fresh server, and the report's table.

// README: sweep-core
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.mockupdb.FaultSweeper;
import org.mockupdb.Reply;
// README: end

class SweepWithoutJUnitTest {
    @org.junit.jupiter.api.Test
    void sweep() {
        // README: sweep-core
        FaultSweeper.Report report = FaultSweeper.builder()
                .faults(FaultSweeper.Kind.HANG_UP, FaultSweeper.Kind.STALL)   // all four by default
                .commands("insert")                                     // every application request by default
                .deadline(Duration.ofSeconds(5))                        // 20 s by default
                .build()
                .run(server -> {                                        // a fresh, started server per run
                    server.autoResponds("insert", Reply.ok("n", 1));
                    try (MongoClient client = MongoClients.create(server.uri() + "/?socketTimeoutMS=1000")) {
                        client.getDatabase("shop").getCollection("orders").insertOne(new Document("_id", 1));
                    } catch (MongoSocketException e) {
                        // a standalone's insert is not retried: the error is the right answer
                    }
                });
        System.out.println(report.table());   // per request and fault: returned, threw what in how long, hung
        assertEquals(List.of(), report.hangs());
        // README: end
    }
}
