package org.mockupdb.standalone.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario files parsed without a server: what each rule becomes, and for every mistake, an
 * error that names the rule and the field. Their behaviour with real clients is tested in
 * integration-tests ({@code StandaloneScenarioTest}, {@code ScenarioClientsTest}).
 */
class ScenarioTest {

    private static ScenarioException error(String json) {
        return assertThrows(ScenarioException.class, () -> Scenario.parse(json, "s.json"));
    }

    @Test
    void everyKindOfRuleIsRead() {
        Scenario scenario = Scenario.parse("""
                [
                  {"match": {"find": "coll", "filter": {"x": 1}}, "cursor": {"documents": [{"_id": 1}, {"_id": 2}], "batchSize": 1}},
                  {"match": {"count": "coll"}, "error": {"code": 13, "errmsg": "not authorized", "errorLabels": ["A"]}, "times": 2},
                  {"match": {"listCollections": 1}, "fault": "hangUp", "times": 1},
                  {"match": {"ping": 1}, "fault": "reset"},
                  {"match": {"insert": "coll"}, "reply": {"n": 1}, "delayMS": 250},
                  {"match": {"distinct": "coll"}, "cursor": {"documents": []}}
                ]
                """, "s.json");
        List<ScenarioRule> rules = scenario.rules();
        assertEquals(6, rules.size());
        assertEquals("scenario s.json, 6 rules", scenario.toString());

        ScenarioRule cursor = rules.get(0);
        assertEquals(List.of(BsonDocument.parse("{_id: 1}"), BsonDocument.parse("{_id: 2}")), cursor.documents());
        assertEquals(1, cursor.batchSize());
        assertNull(cursor.reply());
        assertEquals(-1, cursor.usesLeft(), "a rule without times never retires");
        assertTrue(cursor.spec().description().contains("find"), cursor.spec().description());

        ScenarioRule error = rules.get(1);
        assertEquals(2, error.usesLeft());
        assertTrue(error.reply().toString().contains("13"), error.reply().toString());
        assertTrue(error.reply().toString().contains("not authorized"), error.reply().toString());

        assertTrue(rules.get(2).reply() instanceof org.mockupdb.Fault.HangUp, rules.get(2).reply().toString());
        assertEquals(1, rules.get(2).usesLeft());
        assertTrue(rules.get(3).reply() instanceof org.mockupdb.Fault.Reset, rules.get(3).reply().toString());
        assertEquals(Duration.ofMillis(250), rules.get(4).delay());
        assertEquals(Scenario.DEFAULT_BATCH_SIZE, rules.get(5).batchSize());
        assertEquals(List.of(), rules.get(5).documents());
    }

    @Test
    void anEmptyListIsAScenarioWithNoRules() {
        assertEquals(List.of(), Scenario.parse(" [ ] ", "s.json").rules());
    }

    @Test
    void theFileMustBeAJsonArray() {
        assertEquals("scenario s.json: expected a JSON array of rules, [{\"match\": {...}, \"reply\": {...}}, ...],"
                + " got '{\"match\": {\"ping\": 1}}'", error("{\"match\": {\"ping\": 1}}").getMessage());
        assertEquals("scenario s.json: expected a JSON array of rules, [{\"match\": {...}, \"reply\": {...}}, ...],"
                + " got an empty file", error("  \n").getMessage());
        String invalid = error("[{\"match\" {\"ping\": 1}}]").getMessage();
        assertTrue(invalid.startsWith("scenario s.json is not valid JSON: "), invalid);
    }

    @Test
    void aRuleMustBeADocumentWithAMatchAndOneAction() {
        assertEquals("scenario s.json, rule 0: expected a document {\"match\": ..., \"reply\": ...}, got 3 (int32)",
                error("[3]").getMessage());
        assertEquals("scenario s.json, rule 1, field match: missing; expected a command document such as"
                + " {\"find\": \"coll\"}", error("[{\"match\": {\"ping\": 1}, \"reply\": {}}, {\"reply\": {}}]")
                .getMessage());
        assertEquals("scenario s.json, rule 0, field match: expected a command document such as {\"find\": \"coll\"},"
                + " its first key the command name, got {}", error("[{\"match\": {}, \"reply\": {}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field match: expected a document, got \"ping\" (string)",
                error("[{\"match\": \"ping\", \"reply\": {}}]").getMessage());
        assertEquals("scenario s.json, rule 0: expected one of reply, error, cursor or fault, got none",
                error("[{\"match\": {\"ping\": 1}, \"times\": 1}]").getMessage());
        assertEquals("scenario s.json, rule 0: expected one of reply, error, cursor or fault, got reply and fault",
                error("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"fault\": \"hangUp\"}]").getMessage());
        assertEquals("scenario s.json, rule 0, field repyl: unknown field; a rule has match, one of reply, error,"
                + " cursor or fault, and optionally delayMS and times",
                error("[{\"match\": {\"ping\": 1}, \"repyl\": {}}]").getMessage());
    }

    @Test
    void wrongValuesNameTheRuleAndTheField() {
        assertEquals("scenario s.json, rule 0, field reply: expected a document, got [1] (array)",
                error("[{\"match\": {\"ping\": 1}, \"reply\": [1]}]").getMessage());
        assertEquals("scenario s.json, rule 0, field fault: expected \"hangUp\" or \"reset\", got \"hangup\" (string)",
                error("[{\"match\": {\"ping\": 1}, \"fault\": \"hangup\"}]").getMessage());
        assertEquals("scenario s.json, rule 0, field times: expected a whole number from 1 to 2147483647, got 0",
                error("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"times\": 0}]").getMessage());
        assertEquals("scenario s.json, rule 0, field times: expected a whole number, got 1.5 (double)",
                error("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"times\": 1.5}]").getMessage());
        assertEquals("scenario s.json, rule 0, field delayMS: expected a whole number from 0 to 2147483647, got -1",
                error("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"delayMS\": -1}]").getMessage());
        assertEquals("scenario s.json, rule 0, field delayMS: expected a whole number, got \"10\" (string)",
                error("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"delayMS\": \"10\"}]").getMessage());
        assertEquals(Duration.ofMillis(10), Scenario.parse("[{\"match\": {\"ping\": 1}, \"reply\": {}, \"delayMS\": 10.0}]",
                "s.json").rules().get(0).delay(), "a whole double is a whole number");
    }

    @Test
    void errorsAndCursorsSayWhatTheyLack() {
        assertEquals("scenario s.json, rule 0, field error.code: missing; expected the error's code, such as 11000",
                error("[{\"match\": {\"ping\": 1}, \"error\": {\"errmsg\": \"x\"}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field error.errmsg: missing; expected the error's message, a string",
                error("[{\"match\": {\"ping\": 1}, \"error\": {\"code\": 1}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field error.code: expected a whole number, got \"13\" (string)",
                error("[{\"match\": {\"ping\": 1}, \"error\": {\"code\": \"13\", \"errmsg\": \"x\"}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field error.errorLabels: expected an array of strings such as"
                + " [\"RetryableWriteError\"], got \"RetryableWriteError\" (string)",
                error("[{\"match\": {\"ping\": 1}, \"error\": {\"code\": 1, \"errmsg\": \"x\", \"errorLabels\":"
                        + " \"RetryableWriteError\"}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field error.message: unknown field; an error has code, errmsg and"
                + " optionally errorLabels",
                error("[{\"match\": {\"ping\": 1}, \"error\": {\"code\": 1, \"message\": \"x\"}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field cursor.documents: missing; expected an array of documents",
                error("[{\"match\": {\"find\": \"c\"}, \"cursor\": {}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field cursor.documents.1: expected a document, got 2 (int32)",
                error("[{\"match\": {\"find\": \"c\"}, \"cursor\": {\"documents\": [{}, 2]}}]").getMessage());
        assertEquals("scenario s.json, rule 0, field cursor.batchSize: expected a whole number from 1 to 2147483647,"
                + " got 0", error("[{\"match\": {\"find\": \"c\"}, \"cursor\": {\"documents\": [], \"batchSize\": 0}}]")
                .getMessage());
        assertEquals("scenario s.json, rule 0, field cursor.size: unknown field; a cursor has documents and optionally"
                + " batchSize", error("[{\"match\": {\"find\": \"c\"}, \"cursor\": {\"documents\": [], \"size\": 1}}]")
                .getMessage());
    }

    @Test
    void aFileIsReadFromDisk(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("scenario.json"), "[{\"match\": {\"ping\": 1}, \"reply\": {}}]");
        assertEquals(1, Scenario.read(file).rules().size());
        assertEquals("scenario " + file, Scenario.read(file).toString().replace(", 1 rule", ""));
        Path bad = Files.writeString(dir.resolve("bad.json"), "[{\"match\": {\"ping\": 1}}]");
        assertEquals("scenario " + bad + ", rule 0: expected one of reply, error, cursor or fault, got none",
                assertThrows(ScenarioException.class, () -> Scenario.read(bad)).getMessage());
    }
}
