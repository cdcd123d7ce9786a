package org.mockupdb.standalone.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;

/** The standalone server's --replica-set and --members, parsed and built without starting a process. */
class ReplicaSetModeTest {

    @Test
    void replicaSetOptionsAreParsed() {
        Main.Options none = Main.Options.parse(new String[0]);
        assertNull(none.replicaSet);
        assertNull(none.members);
        Main.Options o = Main.Options.parse(new String[] {"--replica-set", "rs0", "--members", "5", "--port", "0"});
        assertEquals("rs0", o.replicaSet);
        assertEquals(5, o.members);
        assertEquals(0, o.port);
        for (String option : List.of("--replica-set", "--members")) {
            assertTrue(Main.USAGE.contains("  " + option + " "), option + " is missing from the help:\n" + Main.USAGE);
        }
    }

    @Test
    void wrongReplicaSetOptionsSayWhatWasWrong() {
        assertEquals("--members needs --replica-set NAME", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--members", "3"})).getMessage());
        assertEquals("--replica-set needs a value", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--replica-set"})).getMessage());
        assertEquals("--replica-set expects a replica set name, got '--port'", assertThrows(
                IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--replica-set", "--port", "0"})).getMessage());
        assertEquals("--members expects a number from 1 to 50, got 0", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--replica-set", "rs", "--members", "0"})).getMessage());
        assertEquals("--unix-socket does not go with --replica-set: the members listen on TCP ports",
                assertThrows(IllegalArgumentException.class, () -> configure("--replica-set", "rs", "--unix-socket",
                        "/tmp/m.sock")).getMessage());
        assertEquals("--port 65535 with 3 members needs ports 65535 to 65537, beyond 65535",
                assertThrows(IllegalArgumentException.class, () -> configure("--replica-set", "rs", "--port",
                        "65535")).getMessage());
    }

    @Test
    void aSetOnFreePortsAnswersHelloAsItsMembersAndPrintsItsUri() {
        try (MockupReplicaSet rs = configure("--replica-set", "shop", "--members", "2", "--port", "0", "--quiet",
                "--max-wire-version", "21")) {
            rs.start();
            assertEquals(2, rs.members().size());
            String uri = "mongodb://" + rs.member(0).address() + "," + rs.member(1).address() + "/?replicaSet=shop";
            assertEquals(uri, rs.uri());
            BsonDocument hello = rs.hello(rs.member(1));
            assertEquals("shop", hello.getString("setName").getValue());
            assertTrue(hello.getBoolean("secondary").getValue());
            assertEquals(21, hello.getInt32("maxWireVersion").getValue());
            Main.Options options = Main.Options.parse(new String[] {"--replica-set", "shop", "--members", "2",
                    "--port", "0", "--quiet", "--max-wire-version", "21"});
            assertEquals(Main.LISTENING + uri + " (replica set \"shop\" of 2 members, primary " + rs.member(0).address()
                    + ", maxWireVersion 21, MongoDB 7.0.0, all ok); Ctrl-C stops it",
                    ReplicaSetMode.listeningLine(rs, options));
        }
    }

    @Test
    void portPutsTheMembersOnConsecutivePorts() throws IOException {
        int base = consecutiveFreePorts(3);
        try (MockupReplicaSet rs = configure("--replica-set", "rs", "--port", Integer.toString(base), "--quiet")) {
            rs.start();
            assertEquals(List.of(base, base + 1, base + 2), rs.members().stream().map(MockupServer::port).toList());
            assertEquals("mongodb://localhost:" + base + ",localhost:" + (base + 1) + ",localhost:" + (base + 2)
                    + "/?replicaSet=rs", rs.uri());
        }
    }

    @Test
    void overTlsTheUriSaysTlsAndNamesTheCaFile() {
        Main.Options options = Main.Options.parse(new String[] {"--replica-set", "rs", "--port", "0", "--tls",
                "--quiet"});
        try (MockupReplicaSet rs = ReplicaSetMode.configure(options, List.of(), System.out)) {
            rs.start();
            assertTrue(rs.members().stream().allMatch(MockupServer::isTls));
            String uri = ReplicaSetMode.connectionString(rs, options);
            assertTrue(uri.startsWith(rs.uri() + "&tls=true&tlsCAFile=%2F"), uri);
            assertFalse(rs.uri().contains("tls"), rs.uri());
        }
    }

    private static MockupReplicaSet configure(String... args) {
        return ReplicaSetMode.configure(Main.Options.parse(args), List.of(args), System.out);
    }

    /** A port with the {@code count - 1} after it free too, as far as binding them now tells. */
    private static int consecutiveFreePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = first.getLocalPort();
            }
            if (base + count - 1 > 65535) {
                continue;
            }
            boolean free = true;
            for (int i = 0; i < count && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("expected to find " + count + " consecutive free ports in 50 attempts, found none");
    }
}
