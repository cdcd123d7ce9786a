package org.mockupdb.it.examples;

// README: tls-and-unix-socket
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
// README: end

/** The README's TLS and Unix domain socket example: a ping over each. */
class TlsAndUnixSocketTest {
    @org.junit.jupiter.api.Test
    void aPingOverTlsAndOverAUnixSocket() throws java.io.IOException {
        // README: tls-and-unix-socket
        try (MockupServer server = MockupServer.builder().tls().start();   // uri(): mongodb://localhost:PORT/?tls=true
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.uri()))
                     .applyToSslSettings(ssl -> ssl.context(MockupTls.clientContext()))
                     .build())) {
            server.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }

        Path socket = Files.createTempDirectory("mockupdb").resolve("m.sock");   // uri(): mongodb://%2Ftmp%2F...%2Fm.sock
        try (MockupServer server = MockupServer.builder().unixSocket(socket).start();
             MongoClient client = MongoClients.create(server.uri())) {   // the Java driver needs jnr-unixsocket for it
            server.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }
        // README: end
    }
}
