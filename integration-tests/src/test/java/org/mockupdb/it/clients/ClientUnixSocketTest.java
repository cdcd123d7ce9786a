package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;

/** Real clients over a Unix domain socket, with the URI the server gives: {@code mongodb://%2Ftmp%2F...sock}. */
class ClientUnixSocketTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void ping(Client client) {
        try (MockupServer server = MockupServer.builder().unixSocket(dir.resolve("m.sock")).start()) {
            client.require();
            client.answerStartup(server);
            String uri = Client.uri(server);
            assertTrue(uri.startsWith("mongodb://%2F"), uri);
            try (ClientRun run = client.start(uri, "ping")) {
                server.receives(Spec.command("ping").inDatabase("admin")).ok();
                Document out = run.await(ClientScenarios.DEADLINE).json();
                assertEquals(1, ((Number) Outputs.result(out, Document.class).get("ok")).intValue(), out.toJson());
            }
        }
    }
}
