package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.Transcript;

/** Which requests a FaultRule selects, without sockets. */
class FaultRuleTest {
    private final Transcript transcript = new Transcript(null, null, false, 1000);
    private final Random random = new Random(1);
    private final FaultRules rules = new FaultRules(transcript, random);

    private static OpMsg msg(String json) {
        return OpMsg.of(BsonDocument.parse(json));
    }

    @Test
    void theNthMatchingRequestOnly() {
        InjectedFault third = rules.add(FaultRule.of(Fault.hangUp()).matching(Spec.command("find")).nth(3)
                .named("third find"));
        List<Boolean> faulted = new ArrayList<>();
        for (String json : List.of("{find: 'c'}", "{insert: 'c'}", "{find: 'c'}", "{find: 'c'}", "{find: 'c'}")) {
            OpMsg request = msg(json);
            faulted.add(rules.intercept(request));
        }
        assertEquals(List.of(false, false, false, true, false), faulted);
        assertEquals(1, third.count());
        assertFalse(third.isActive(), "done after the third find");
        assertTrue(transcript.render().contains("fault \"third find\" on request"), transcript.render());
    }

    @Test
    void aProbabilityRepeatsWithTheSameSeed() {
        List<List<Boolean>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            random.setSeed(99);
            InjectedFault fault = rules.add(FaultRule.of(Fault.reset()).withProbability(0.3));
            List<Boolean> faulted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                faulted.add(rules.intercept(msg("{ping: 1}")));
            }
            fault.cancel();
            runs.add(faulted);
        }
        assertEquals(runs.get(0), runs.get(1));
        long n = runs.get(0).stream().filter(b -> b).count();
        assertTrue(n > 3 && n < 30, "expected about 15 of 50 faulted, got " + n);
    }

    @Test
    void timesLimitsAndRoleSelects() {
        InjectedFault once = rules.add(FaultRule.of(Fault.stall()).times(1));
        assertTrue(rules.intercept(msg("{ping: 1}")));
        assertFalse(rules.intercept(msg("{ping: 1}")));
        assertEquals(1, once.count());
        rules.add(FaultRule.of(Fault.stall()).onRole(ConnectionRole.MONITORING));
        assertFalse(rules.intercept(msg("{hello: 1}")), "a request built without a socket has no role");
        rules.add(FaultRule.of(Fault.stall()).onConnection(0).times(1));
        assertTrue(rules.intercept(msg("{hello: 1}")), "the next request on connection 0");
    }

    @Test
    void connectionRulesTakeNoRequestSelectors() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FaultRule.refuseConnections().matching(Spec.command("find")));
        assertTrue(e.getMessage().contains("refuse new connections"), e.getMessage());
        assertEquals("hang-up to request #3 matching " + Spec.command("find").description(),
                FaultRule.of(Fault.hangUp()).matching(Spec.command("find")).nth(3).name());
    }
}
