package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GoTest {

    @Test
    void getReturnsTheResult() {
        assertEquals("done", Go.go(() -> "done").get());
    }

    @Test
    void getRethrowsTheVeryExceptionEvenWhenChecked() {
        IOException thrown = new IOException("socket gone");
        Outcome<Object> outcome = Go.go(() -> {
            throw thrown;
        });
        IOException caught = assertThrows(IOException.class, outcome::get);
        assertSame(thrown, caught);
        assertEquals(Optional.of(thrown), outcome.failure());
    }

    @Test
    void aTaskWithoutResultYieldsNull() {
        CountDownLatch ran = new CountDownLatch(1);
        Outcome<Void> outcome = Go.go(ran::countDown);
        assertEquals(null, outcome.get());
        assertEquals(0, ran.getCount());
        assertEquals(Optional.empty(), outcome.failure());
    }

    @Test
    void getGivesUpAfterItsTimeout() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Outcome<Boolean> outcome = Go.go(() -> release.await(10, TimeUnit.SECONDS));
        AssertionError e = assertThrows(AssertionError.class, () -> outcome.get(Duration.ofMillis(30)));
        assertEquals("expected the client code to finish within 30 ms, but it is still running", e.getMessage());
        assertFalse(outcome.isDone());
        release.countDown();
        try (outcome) {
            // close() waits for the code to finish
        }
        assertTrue(outcome.isDone());
        assertTrue(outcome.get());
    }
}
