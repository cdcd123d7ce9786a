package org.mockupdb.junit5.examples;

import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MinWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/** Every test here has a mistake in an annotation and must fail naming the annotation and element. */
@MockupDB
public class ConfigErrorsExample {

    @Test
    @AutoRespond(value = "find", reply = "{cursor: ")
    void badJson(MockupServer server) {
    }

    @Test
    @MaxWireVersion(8)
    void minAboveMax(@MinWireVersion(13) MockupServer server) {
    }

    @Test
    @MockupDB(requestTimeout = "ten seconds")
    void badTimeout(MockupServer server) {
    }

    @ServerVersions({"4.2", "9.9"})
    void unknownRelease(MockupServer server) {
    }

    @WireVersions(from = 9, to = 6)
    void backwardsRange(MockupServer server) {
    }

    @Test
    @MockupDB(verbose = {true, false})
    void twoVerboseValues(MockupServer server) {
    }

    @Test
    @org.mockupdb.junit5.ClientSettings(uriOptions = "retryReads")
    void badUriOptions(com.mongodb.client.MongoClient client) {
    }

    /** Has no constructor without parameters. */
    public static class NoDefaultConstructor implements org.mockupdb.junit5.MongoClientCustomizer {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void customize(com.mongodb.MongoClientSettings.Builder settings) {
        }
    }

    @Test
    @org.mockupdb.junit5.ClientSettings(customizers = NoDefaultConstructor.class)
    void customizerWithoutDefaultConstructor(com.mongodb.client.MongoClient client) {
    }

    /** A field of a type the extension cannot inject. */
    @org.junit.jupiter.api.Nested
    class WrongFieldType {
        @MockupDB
        String notAServer;

        @Test
        void anyTest() {
        }
    }

    /** A final field. */
    @org.junit.jupiter.api.Nested
    class FinalField {
        @MockupDB
        final MockupServer server = null;

        @Test
        void anyTest() {
        }
    }

    @Test
    void sameServerAskedTwoWays(@MaxWireVersion(8) MockupServer first, @MaxWireVersion(9) MockupServer second) {
    }
}
