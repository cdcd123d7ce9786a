package org.mockupdb.junit5.examples;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.User;

/** Mistakes in @User: each test fails with a configuration error that never shows a password. */
@MockupDB
public class UsersErrorsExample {

    @Test
    @User(name = "alice", password = "Hidden-1", mechanisms = "PLAIN")
    void unknownMechanism(MockupServer server) {
    }

    @Test
    @User(name = " ", password = "Hidden-2")
    void blankName(MockupServer server) {
    }

    @Test
    @User(name = "alice", password = "Hidden-3", database = "$external")
    void externalDatabase(MongoClient client) {
    }

    @Test
    @User(name = "alice", password = "Hidden-4")
    void sameServerAskedWithAnotherPassword(MockupServer first,
                                            @User(name = "alice", password = "Hidden-5") MockupServer second) {
    }
}
