package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.mockupdb.junit5.internal.MockupDBExtension;

/**
 * Runs the test once clean, recording the requests its client sends on application connections,
 * then once per recorded request and fault kind, with that fault in place of that request's reply:
 * the test's own assertions say whether the client behaved each time. Each run is named for what it
 * does, {@code hang-up at request 3 of 7: insert on connection 2}; the first is {@code clean run}.
 *
 * <pre>{@code
 * @FaultSweep(deadline = "5s")
 * @ClientSettings(uriOptions = "socketTimeoutMS=1000")
 * void insertThenFind(MockupServer server, MongoClient client) {
 *     server.autoResponds("insert", Reply.ok("n", 1));
 *     ...
 * }
 * }</pre>
 *
 * <p>The test body, its injected {@code MockupServer} and {@code MongoClient} (fresh in every run) and
 * its lifecycle methods are those of any test. The fault is applied to the test's first server (the
 * first parameter or field resolved) when the request at the recorded position arrives, if its command
 * is the recorded one and the requests before it were the recorded ones; otherwise the run is reported
 * as diverged. Only what the client sends while the test method runs is recorded and swept, not what it
 * sends when the extension closes it after the test. A run still going at the {@link #deadline()} fails
 * with {@code hung until the deadline} and the conversation: the server is stopped, which closes the
 * client's connections and lets the test's thread end.
 *
 * <p>When the sweep ends, its table (per request and fault: returned, threw which exception after how
 * long, hung, diverged) is printed on standard output and published as the report entry
 * {@code mockupdb.faultSweep} of the test template. The runs execute one after the other, on the same
 * thread: the clean run's requests make the later runs.
 *
 * <p>The annotated method needs no {@code @Test}: this makes it a test template. It cannot be combined
 * with {@link WireVersions} or {@link ServerVersions}.
 *
 * @see org.mockupdb.FaultSweeper the same without JUnit
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@Execution(ExecutionMode.SAME_THREAD)
@ExtendWith(MockupDBExtension.class)
public @interface FaultSweep {
    /** {@return the fault kinds, each applied to every swept request: all four by default} */
    org.mockupdb.FaultSweeper.Kind[] faults() default {org.mockupdb.FaultSweeper.Kind.HANG_UP,
            org.mockupdb.FaultSweeper.Kind.RESET, org.mockupdb.FaultSweeper.Kind.STALL,
            org.mockupdb.FaultSweeper.Kind.CUT_REPLY};

    /** {@return the command names whose requests are swept (the others still count for positions); all when empty} */
    String[] commands() default {};

    /** {@return the most faulted runs; when there are more, that many are picked with the {@link #seed()}} */
    int maxInvocations() default org.mockupdb.FaultSweeper.DEFAULT_MAX_INVOCATIONS;

    /** {@return the seed that picks the runs when there are more than {@link #maxInvocations()}} */
    long seed() default 0;

    /**
     * How long one run may take: a number with a unit, {@code "500ms"}, {@code "10s"}, or an ISO-8601
     * duration. Unset (empty), the server's request timeout plus 10 seconds: 20 seconds by default,
     * 5 seconds longer than an injected client waits for a reply, so a client that gives up by its own
     * read timeout is told apart from one that would never give up. With a short client timeout
     * ({@code @ClientSettings(uriOptions = "socketTimeoutMS=1000")}) a few seconds do.
     *
     * @return the deadline of each run
     */
    String deadline() default "";

    /** {@return whether hellos (handshakes, monitoring heartbeats) are swept too; they come on a timer, so runs may diverge} */
    boolean includeMonitoring() default false;
}
