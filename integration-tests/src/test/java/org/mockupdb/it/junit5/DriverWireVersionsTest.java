package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoIncompatibleDriverException;
import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.TestInfo;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/**
 * Driver 5.14 needs maxWireVersion 8 (MongoDB 4.2) or more: below it, selecting the server
 * fails with MongoIncompatibleDriverException; from 8 up, commands go through.
 */
@MockupDB
@AutoRespond(value = "ping", reply = "{pong: true}")
class DriverWireVersionsTest {
    private static final Document PING = new Document("ping", 1);

    @WireVersions({0, 6, 7})
    void driverRefusesServersBelowWireVersion8(MockupServer server, MongoClient client, TestInfo run) {
        MongoIncompatibleDriverException e = assertThrows(MongoIncompatibleDriverException.class,
                () -> client.getDatabase("admin").runCommand(PING));
        String version = run.getDisplayName().substring("maxWireVersion=".length());
        assertTrue(e.getMessage().contains("reports wire version " + version)
                && e.getMessage().contains("requires at least 8"), e.getMessage());
        assertEquals(0, server.requests().stream().filter(r -> r.matches(org.mockupdb.Spec.command("ping"))).count(),
                "the driver sent no ping to a server it refuses");
    }

    @WireVersions(from = 8, to = 25)
    void driverTalksToServersFromWireVersion8(MongoClient client) {
        assertEquals(true, client.getDatabase("admin").runCommand(PING).getBoolean("pong"));
    }

    @ServerVersions({"3.6", "4.0", "4.2", "4.4", "5.0", "6.0", "7.0", "8.0"})
    void byServerRelease(MongoClient client, TestInfo run) {
        boolean supported = !run.getDisplayName().contains("MongoDB 3.6") && !run.getDisplayName().contains("MongoDB 4.0");
        if (supported) {
            assertEquals(true, client.getDatabase("admin").runCommand(PING).getBoolean("pong"));
        } else {
            assertThrows(MongoIncompatibleDriverException.class, () -> client.getDatabase("admin").runCommand(PING));
        }
    }
}
