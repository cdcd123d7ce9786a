package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;

/** After stop(), nothing of the server is left: no thread, no listener, no connection. */
class LifecycleTest {

    @Test
    void stopAfterADriverUsedTheServerLeavesNoThreadAndFreesThePort() throws IOException {
        MockupServer server = new MockupServer().start();
        int port = server.port();
        MongoClient client = Clients.connect(server);
        Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        server.receives("ping").ok();
        ping.get();
        assertTrue(threads(port).size() >= 3, "accept thread and two connection threads: " + threads(port));

        server.stop(); // while the client still holds its connections
        assertEquals(List.of(), threads(port));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        client.close();
    }

    private static List<String> threads(int port) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mockupdb-") && t.getName().contains("-" + port)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
