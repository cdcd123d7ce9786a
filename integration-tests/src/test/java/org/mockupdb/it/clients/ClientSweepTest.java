package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.FaultSweeper;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;

/**
 * The scenario that started MockupDB, swept: the C driver lists collections over TLS, and the sweep
 * hangs up on, then resets, each request it sends in turn. At every position the client must report
 * the fault well within its socket timeout, never wait it out.
 */
class ClientSweepTest {

    @Test
    void theCDriverListingCollectionsOverTlsNoticesEveryHangUpAndResetWithoutWaitingForItsSocketTimeout() {
        Client.LIBMONGOC.require();
        FaultSweeper sweep = FaultSweeper.builder().faults(FaultSweeper.Kind.HANG_UP, FaultSweeper.Kind.RESET)
                .deadline(Duration.ofSeconds(15))
                .servers(() -> MockupServer.builder().tls().build()).build();
        FaultSweeper.Report report = sweep.run(server -> {
            server.servesCursor(Spec.command("listCollections").inDatabase("db"),
                    List.of(new Document("name", "orders").append("type", "collection")), 101);
            Document out;
            try (ClientRun run = Client.LIBMONGOC.start(Client.tlsUri(server, "retryReads=false"), "listcollections")) {
                out = run.await(ClientScenarios.DEADLINE).json();
            }
            Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
            if (out.containsKey("error")) {
                throw new IllegalStateException(out.getString("error") + ": " + out.getString("message") + " after "
                        + out.get("ms") + " ms");
            }
        });
        System.out.println(report.table());
        assertEquals(FaultSweeper.Outcome.RETURNED, report.clean().outcome(), report.clean().toString());
        assertTrue(report.recorded().stream().anyMatch(r -> r.commandName().orElse("").equals("listCollections")),
                "the clean run's requests: " + report.recorded());
        assertEquals(report.recorded().size() * 2, report.results().size(), report.table());
        for (FaultSweeper.Result r : report.results()) {
            // The client reports the fault (a network error) or recovers; it never waits out its timeout.
            assertTrue(r.outcome() == FaultSweeper.Outcome.RETURNED || r.thrown().orElseThrow()
                    instanceof IllegalStateException, r.toString());
        }
        List<FaultSweeper.Result> onListCollections = report.results().stream()
                .filter(r -> r.invocation().orElseThrow().command().equals("listCollections")).toList();
        assertEquals(2, onListCollections.size(), report.table());
        for (FaultSweeper.Result r : onListCollections) {
            assertTrue(r.describe().startsWith("threw IllegalStateException: MONGOC_ERROR_STREAM: "), r.toString());
        }
    }
}
