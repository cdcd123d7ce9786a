package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The plan of a fault sweep: which runs, in which order, named how. (The runs themselves: integration tests.) */
class FaultSweepPlanTest {
    private static final List<Request> RECORDED = List.of(
            OpMsg.of(new Document("insert", "c").append("$db", "db")),
            OpMsg.of(new Document("find", "c").append("$db", "db")),
            OpMsg.of(new Document("insert", "c").append("$db", "db")),
            OpMsg.of(new Document("endSessions", List.of()).append("$db", "admin")));

    @Test
    void oneRunPerRequestAndFaultInOrderOfPositionThenFaultEachNamed() {
        List<FaultSweeper.Invocation> plan = FaultSweeper.builder().build().plan(RECORDED);
        assertEquals(16, plan.size());
        assertEquals("hang-up at request 1 of 4: insert on connection 0", plan.get(0).name());
        assertEquals("reset at request 1 of 4: insert on connection 0", plan.get(1).name());
        assertEquals("stall at request 1 of 4: insert on connection 0", plan.get(2).name());
        assertEquals("cut at request 1 of 4: insert on connection 0", plan.get(3).name());
        assertEquals("hang-up at request 2 of 4: find on connection 0", plan.get(4).name());
        assertEquals(List.of("insert", "find", "insert", "endSessions"), plan.get(15).sequence());
    }

    @Test
    void aCommandListSweepsOnlyItsRequestsWhichKeepTheirPositionsAmongAll() {
        List<FaultSweeper.Invocation> plan = FaultSweeper.builder().faults(FaultSweeper.Kind.STALL).commands("insert")
                .build().plan(RECORDED);
        assertEquals(List.of("stall at request 1 of 4: insert on connection 0",
                "stall at request 3 of 4: insert on connection 0"), plan.stream().map(FaultSweeper.Invocation::name).toList());
    }

    @Test
    void aLimitPicksThatManyRunsWithTheSeedKeptInOrderAndTheSameSeedPicksTheSame() {
        FaultSweeper sweep = FaultSweeper.builder().maxInvocations(5).seed(42).build();
        List<FaultSweeper.Invocation> picked = sweep.plan(RECORDED);
        assertEquals(5, picked.size());
        List<FaultSweeper.Invocation> all = FaultSweeper.builder().build().plan(RECORDED);
        List<Integer> indices = picked.stream().map(all::indexOf).toList();
        assertEquals(indices.stream().sorted().toList(), indices, "in plan order");
        assertEquals(picked, FaultSweeper.builder().maxInvocations(5).seed(42).build().plan(RECORDED));
        assertTrue(!picked.equals(FaultSweeper.builder().maxInvocations(5).seed(7).build().plan(RECORDED))
                        || !picked.equals(FaultSweeper.builder().maxInvocations(5).seed(8).build().plan(RECORDED)),
                "another seed picks other runs");
    }

    @Test
    void badOptionsSayWhatWasExpected() {
        assertEquals("expected at least one fault kind, got none",
                assertThrows(IllegalArgumentException.class, () -> FaultSweeper.builder().faults()).getMessage());
        assertEquals("expected a limit of 1 or more, got 0",
                assertThrows(IllegalArgumentException.class, () -> FaultSweeper.builder().maxInvocations(0)).getMessage());
        assertEquals("expected a positive deadline, got PT0S",
                assertThrows(IllegalArgumentException.class, () -> FaultSweeper.builder().deadline(Duration.ZERO))
                        .getMessage());
        assertEquals("expected a fault kind (hang-up, reset, stall or cut), got \"drop\"",
                assertThrows(IllegalArgumentException.class, () -> FaultSweeper.Kind.named("drop")).getMessage());
        assertEquals(FaultSweeper.Kind.HANG_UP, FaultSweeper.Kind.named("hang-up"));
        assertEquals(FaultSweeper.Kind.CUT_REPLY, FaultSweeper.Kind.named("cut"));
        assertEquals(FaultSweeper.Kind.CUT_REPLY, FaultSweeper.Kind.named("CUT_REPLY"));
    }
}
