package org.mockupdb.it.clients;

import org.mockupdb.MockupServer;

/** The client scenarios over plain TCP. */
class ClientScenariosTest extends ClientScenarios {
    @Override
    MockupServer.Builder server() {
        return MockupServer.builder();
    }

    @Override
    String uri(MockupServer server) {
        return Client.uri(server);
    }
}
