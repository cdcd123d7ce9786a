package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.User;

/** @User on injected fields: the field's server knows the user, the field's client presents it. */
@AutoRespond(value = "count", reply = "{n: 3}")
public class UserFieldsExample {
    @MockupDB
    @User(name = "frank", password = "f1", mechanisms = "SCRAM-SHA-1")
    MockupServer server;

    @MockupDB
    @User(name = "frank", password = "f1", mechanisms = "SCRAM-SHA-1")
    MongoClient client;

    @Test
    void fieldUser() {
        assertEquals("frank@admin (SCRAM-SHA-1)", UsersExample.countAs(server, client).toString());
    }
}
