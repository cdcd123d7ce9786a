package org.mockupdb.internal;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.internal.wire.ErrorCodes;

/** The standalone server: {@code java -jar mockup-core-standalone.jar [options]}. */
public final class Main {
    static final String USAGE = """
            Usage: mockupdb [options]

            A MongoDB wire-protocol server that answers hello by itself and prints the conversation.

            Options:
              --port N              port to listen on (default 27017; 0 picks a free one)
              --host ADDRESS        address to bind (default: the loopback address)
              --max-wire-version N  maxWireVersion in the hello reply (default 25, MongoDB 8.0)
              --min-wire-version N  minWireVersion in the hello reply (default 0)
              --all-ok              answer every other command with {ok: 1} (the default)
              --no-all-ok           answer every other command with a CommandNotFound error
              --quiet               do not print the conversation
              --help                print this help
            """;

    /** The standalone server may run for days: it keeps the last requests only, so its memory stays bounded. */
    static final int JOURNAL_LIMIT = 10_000;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mockupdb: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        MockupServer server = configure(options, System.out).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "mockupdb-shutdown"));
        System.out.println("MockupDB listening on " + server.uri() + " (maxWireVersion "
                + options.maxWireVersion + (options.allOk ? ", all ok" : "") + "); Ctrl-C stops it");
        System.out.flush();
        stopped.await();
    }

    /** A server built from the options, not started; the conversation goes to {@code out}. */
    static MockupServer configure(Options options, PrintStream out) {
        MockupServer.Builder builder = MockupServer.builder()
                .port(options.port)
                .bindAddress(options.host)
                .minWireVersion(options.minWireVersion)
                .maxWireVersion(options.maxWireVersion)
                .journalLimit(JOURNAL_LIMIT);
        if (!options.quiet) {
            builder.log(out::println);
        }
        MockupServer server = builder.build();
        server.appendResponder(Spec.any(), options.allOk ? Main::allOk : Main::notFound);
        return server;
    }

    private static boolean allOk(Request request) {
        if (request.isCommand()) {
            return request.ok();
        }
        return request.reply(Reply.of());
    }

    private static boolean notFound(Request request) {
        String name = request.commandName().orElse(request.opCode().toString());
        return request.reply(Reply.commandError(ErrorCodes.COMMAND_NOT_FOUND, "no such command: '" + name + "'"));
    }

    /** The command line, parsed. */
    static final class Options {
        int port = 27017;
        InetAddress host = InetAddress.getLoopbackAddress();
        int maxWireVersion = AutoHello.DEFAULT_MAX_WIRE_VERSION;
        int minWireVersion;
        boolean allOk = true;
        boolean quiet;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> o.port = number(args, ++i, arg, 0, 65535);
                    case "--host" -> o.host = address(value(args, ++i, arg));
                    case "--max-wire-version" -> o.maxWireVersion = number(args, ++i, arg, 0, 1000);
                    case "--min-wire-version" -> o.minWireVersion = number(args, ++i, arg, 0, 1000);
                    case "--all-ok" -> o.allOk = true;
                    case "--no-all-ok" -> o.allOk = false;
                    case "--quiet" -> o.quiet = true;
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            if (o.minWireVersion > o.maxWireVersion) {
                throw new IllegalArgumentException("--min-wire-version " + o.minWireVersion
                        + " is above --max-wire-version " + o.maxWireVersion);
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String[] args, int i, String option, int min, int max) {
            String text = value(args, i, option);
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " expects a number from " + min + " to " + max
                            + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " expects a number, got '" + text + "'");
            }
        }

        private static InetAddress address(String text) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--host '" + text + "' does not resolve: " + e.getMessage());
            }
        }
    }
}
