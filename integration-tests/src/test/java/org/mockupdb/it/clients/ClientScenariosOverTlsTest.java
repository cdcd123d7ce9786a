package org.mockupdb.it.clients;

import org.mockupdb.MockupServer;

/** The client scenarios over TLS with the test certificate MockupDB ships; each client trusts its CA file. */
class ClientScenariosOverTlsTest extends ClientScenarios {
    @Override
    MockupServer.Builder server() {
        return MockupServer.builder().tls();
    }

    @Override
    String uri(MockupServer server) {
        return Client.tlsUri(server);
    }
}
