package org.mockupdb.bench;

import java.util.Set;
import java.util.TreeSet;

/** What a run measures and how much: {@code --quick}, {@code --rounds N}, {@code --figures 1,2}, {@code --markdown}. */
final class Options {
    static final String USAGE = """
            Usage: bin/bench [--quick] [--rounds N] [--figures 1,2,...] [--markdown]

            Measures MockupServer against a minimal baseline server and mongo-java-server in one run,
            alternating them round by round, and prints a table: the median of the rounds, its spread
            (half the range of the samples, as a percentage of the median) and its ratio to the baseline.

              --quick        fewer rounds and smaller counts (a minute or two)
              --rounds N     rounds per figure (default 7; 3 with --quick)
              --figures L    which figures, by number: 1 start/stop, 2 cycle, 3 JUnit, 4 ping throughput,
                             5 fresh JVM, 6 memory and threads, 7 topologies, 8 fault sweep (default: all)
              --markdown     print the table as Markdown
            """;

    int rounds = 7;
    int warmupRounds = 3;
    Set<Integer> figures = new TreeSet<>(Set.of(1, 2, 3, 4, 5, 6, 7, 8));
    boolean markdown;
    int startStops = 40;
    int stopsAfterClient = 10;
    int cycles = 10;
    int junitTests = 20;
    int pings = 1_000;
    int pingsPerThreadOf8 = 250;
    int pingWarmup = 2_000;
    int connections = 20;
    int retainedRequests = 5_000;
    int retainedWarmup = 2_500;
    /** Figure 8: the scenario's application requests; a sweep makes 4 runs of each. */
    int sweepRequests = 20;

    /** The counts bin/bench --quick uses. */
    Options quick() {
        rounds = 3;
        startStops = 15;
        stopsAfterClient = 5;
        cycles = 5;
        junitTests = 10;
        pings = 500;
        pingsPerThreadOf8 = 100;
        pingWarmup = 500;
        retainedRequests = 2_000;
        return this;
    }

    /** The smallest run that still makes every row: for the test that proves the harness runs. */
    static Options tiny() {
        Options o = new Options();
        o.rounds = 1;
        o.warmupRounds = 0;
        o.startStops = 2;
        o.stopsAfterClient = 1;
        o.cycles = 1;
        o.junitTests = 2;
        o.pings = 20;
        o.pingsPerThreadOf8 = 5;
        o.pingWarmup = 5;
        o.connections = 3;
        o.retainedRequests = 50;
        o.retainedWarmup = 10;
        o.sweepRequests = 2;
        return o;
    }

    static Options parse(String... args) {
        Options o = new Options();
        Integer rounds = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o.quick();
                case "--markdown" -> o.markdown = true;
                case "--rounds" -> rounds = positive("--rounds", value(args, ++i, "--rounds"));
                case "--figures" -> {
                    o.figures.clear();
                    for (String f : value(args, ++i, "--figures").split(",")) {
                        int n = positive("--figures", f.trim());
                        if (n > 8) {
                            throw new IllegalArgumentException("--figures takes numbers from 1 to 8, got " + n);
                        }
                        o.figures.add(n);
                    }
                }
                case "--help", "-h" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rounds != null) {
            o.rounds = rounds;
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a whole number of 1 or more, got \"" + text + "\"");
    }

    /** --help: print the usage and stop. */
    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
