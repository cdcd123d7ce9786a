package org.mockupdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class BsonValuesTest {

    @Test
    void anOrdinaryDocumentIsRelaxedJsonAsBefore() {
        BsonDocument doc = new BsonDocument("insert", new BsonString("coll"))
                .append("n", new BsonInt32(1))
                .append("b", new BsonBinary(new byte[] {1, 2, 3}));
        assertEquals(doc.toJson(BsonValues.RELAXED), BsonValues.json(doc));
    }

    @Test
    void twoThousandLevelsOfNestingAreShownDownTo250AndSaySo() {
        BsonDocument inner = new BsonDocument("leaf", new BsonInt32(1));
        for (int i = 0; i < 2000; i++) {
            inner = new BsonDocument(i % 2 == 0 ? "d" : "e", i % 3 == 0 ? new BsonArray(java.util.List.of(inner)) : inner);
        }
        String json = BsonValues.json(inner);
        assertTrue(json.contains("nested deeper than 250 levels, not shown"), json.substring(0, 200));
        assertTrue(json.startsWith("{\"e\": "), json.substring(0, 50));
        assertTrue(json.length() < 10_000, "shown in " + json.length() + " chars");
    }

    @Test
    void aTenMegabyteStringIsAbbreviatedSayingItsLength() {
        String big = "x".repeat(10 * 1024 * 1024);
        String json = BsonValues.json(new BsonDocument("s", new BsonString(big)));
        assertEquals("{\"s\": \"" + "x".repeat(512) + "...(10485760 chars)\"}", json);
    }

    @Test
    void longBinaryDataNamesAndCodeAreAbbreviated() {
        String json = BsonValues.json(new BsonDocument("bin", new BsonBinary(new byte[1 << 20])));
        assertTrue(json.startsWith("{\"bin\": {\"$binary\": {\"base64\": \"AAAA"), json);
        assertTrue(json.endsWith("...(1048576 bytes)\", \"subType\": \"00\"}}}"), json);

        String longName = "n".repeat(5000);
        String named = BsonValues.json(new BsonDocument(longName, new BsonInt32(1)));
        assertEquals("{\"" + "n".repeat(512) + "...(5000 chars)\": 1}", named);

        BsonValue code = new BsonJavaScriptWithScope("c".repeat(3000), new BsonDocument("a", new BsonInt32(1)));
        String shown = BsonValues.json(new BsonDocument("code", code));
        assertTrue(shown.contains("...(3000 chars)"), shown);
    }

    @Test
    void invalidUtf8AlreadyDecodedIsShown() {
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        String decoded = new String(bad, java.nio.charset.StandardCharsets.UTF_8);
        String json = BsonValues.json(new BsonDocument("s", new BsonString(decoded + "\ud800")));
        assertTrue(json.startsWith("{\"s\": \""), json);
    }
}
