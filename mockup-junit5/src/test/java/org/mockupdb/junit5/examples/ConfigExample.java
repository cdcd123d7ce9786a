package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MockupDB;

/** The nearest configuration annotation wins; @AutoRespond adds up; @Nested classes inherit. */
@MockupDB(requestTimeout = "7s")
@MaxWireVersion(13)
@AutoRespond(value = "ping", reply = "{from: 'class'}")
@AutoRespond(value = "buildInfo", reply = "{version: '5.0.0'}")
public class ConfigExample {

    /** A composed annotation: a team's "MongoDB 6.0" preset. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
    @MaxWireVersion(17)
    @AutoRespond(value = "ping", reply = "{from: 'composed'}")
    public @interface Mongo60 {
    }

    static String ping(MongoClient client) {
        return client.getDatabase("admin").runCommand(new Document("ping", 1)).getString("from");
    }

    static String buildInfoVersion(MongoClient client) {
        return client.getDatabase("admin").runCommand(new Document("buildInfo", 1)).getString("version");
    }

    @Test
    void classLevel(MockupServer server, MongoClient client) {
        assertEquals("class", ping(client));
        assertEquals(13, Recorder.maxWireVersionSeenByDriver(client));
        assertEquals(Duration.ofSeconds(7), server.requestTimeout());
    }

    @Test
    @MaxWireVersion(17)
    @AutoRespond(value = "ping", reply = "{from: 'method'}")
    @MockupDB(requestTimeout = "250ms")
    void methodLevel(MockupServer server, MongoClient client) {
        assertEquals("method", ping(client));
        assertEquals("5.0.0", buildInfoVersion(client), "the class's @AutoRespond still applies");
        assertEquals(17, Recorder.maxWireVersionSeenByDriver(client));
        assertEquals(Duration.ofMillis(250), server.requestTimeout());
    }

    @Test
    @MaxWireVersion(17)
    void parameterLevel(@MaxWireVersion(21) @AutoRespond(value = "ping", reply = "{from: 'parameter'}")
                        MockupServer server, MongoClient client) {
        assertEquals("parameter", ping(client));
        assertEquals(21, Recorder.maxWireVersionSeenByDriver(client));
    }

    @Test
    @Mongo60
    void composed(MongoClient client) {
        assertEquals("composed", ping(client));
        assertEquals(17, Recorder.maxWireVersionSeenByDriver(client));
    }

    @Test
    @MockupDB(autoHello = false, requestTimeout = "5s")
    void withoutAutoHello(MockupServer server, MongoClient client) {
        Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        for (String connection : new String[] {"monitoring", "application"}) {
            Request handshake = server.receives("isMaster");
            handshake.reply(Reply.ok(server.helloReply(handshake)));
        }
        assertEquals("class", ping.get().getString("from"));
    }

    @Nested
    class Inner {
        @Test
        void inheritsFromTheEnclosingClass(MockupServer server, MongoClient client) {
            assertEquals("class", ping(client));
            assertEquals(13, Recorder.maxWireVersionSeenByDriver(client));
            assertEquals(Duration.ofSeconds(7), server.requestTimeout());
        }

        @Nested
        @MaxWireVersion(9)
        @AutoRespond(value = "ping", reply = "{from: 'deeper'}")
        class Deeper {
            @Test
            void nearestEnclosingClassWins(MongoClient client) {
                assertEquals("deeper", ping(client));
                assertEquals("5.0.0", buildInfoVersion(client));
                assertEquals(9, Recorder.maxWireVersionSeenByDriver(client));
            }
        }
    }
}
