package org.mockupdb.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.mockupdb.ConversationEvent;
import org.mockupdb.ConversationEvent.Kind;
import org.mockupdb.Request;
import org.mockupdb.Response;

/**
 * Every request, reply and event of a server's conversation, in order. Entries are typed (a
 * request, a reply, a note) and rendered to text only when the transcript is read or a live
 * listener asks, never on the hot path. Bounded: the oldest entries, and the names of
 * connections no longer in it, are dropped beyond {@code maxEntries}. Rendering never throws.
 */
public final class Transcript {
    private static final int MAX_ENTRY_CHARS = 2_000;

    private record Entry(int connectionId, Instant at, Kind kind, Request request, Response response,
                         Supplier<String> text) {
    }

    private final Instant start = Instant.now();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<Integer, String> connections = new LinkedHashMap<>();
    private final Consumer<String> live;
    private final Consumer<ConversationEvent> listener;
    private final int maxEntries;
    private final boolean shortHandshakes;
    private long dropped;

    /**
     * @param live       where to print each entry as it happens, or null for no live log
     * @param listener   who hears each entry as a typed event, or null
     * @param shortHandshakes whether a handshake's client metadata is shortened to the driver's name
     * @param maxEntries how many entries to keep; the oldest are dropped beyond it
     */
    public Transcript(Consumer<String> live, Consumer<ConversationEvent> listener, boolean shortHandshakes,
                      int maxEntries) {
        this.live = live;
        this.listener = listener;
        this.shortHandshakes = shortHandshakes;
        this.maxEntries = maxEntries;
    }

    /** The entries to keep for a journal of {@code requests}: a request, its reply and a note or two each. */
    public static int entriesFor(int requests) {
        return requests > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : requests * 4;
    }

    public void connectionOpened(int connectionId, String client) {
        synchronized (entries) {
            connections.put(connectionId, client);
            if (connections.size() > maxEntries) {
                Iterator<Integer> oldest = connections.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        add(new Entry(connectionId, null, Kind.CONNECTION_OPENED, null, null,
                () -> "connection opened from " + client));
    }

    public void request(Request request) {
        Supplier<String> text = shortHandshakes && request.body().get("client") instanceof BsonDocument client
                && AutoHello.isHello(request) ? () -> shortened(request, client) : request::toString;
        add(new Entry(request.connection().id(), null, Kind.REQUEST, request, null, text));
    }

    /** The request's text with the handshake's client metadata cut to the driver and application names. */
    private static String shortened(Request request, BsonDocument client) {
        StringBuilder summary = new StringBuilder("{");
        if (client.get("driver") instanceof BsonDocument driver) {
            summary.append("\"driver\": \"").append(text(driver, "name")).append(' ').append(text(driver, "version"))
                    .append('"');
        }
        if (client.get("application") instanceof BsonDocument app && app.isString("name")) {
            summary.append(summary.length() > 1 ? ", " : "").append("\"application\": \"")
                    .append(app.getString("name").getValue()).append('"');
        }
        summary.append(summary.length() > 1 ? ", " : "").append("...}");
        return request.toString().replace("\"client\": " + BsonValues.json(client), "\"client\": " + summary);
    }

    private static String text(BsonDocument doc, String key) {
        return doc.isString(key) ? doc.getString(key).getValue() : "?";
    }

    public void reply(Request request, Response response, Supplier<String> text) {
        add(new Entry(request.connection().id(), null, Kind.REPLY, request, response, text));
    }

    public void note(int connectionId, String text) {
        add(new Entry(connectionId, null, Kind.NOTE, null, null, () -> text));
    }

    /** Stamps the entry under the lock, so entries are in the order of their times across connections. */
    private void add(Entry unstamped) {
        Entry entry;
        synchronized (entries) {
            entry = new Entry(unstamped.connectionId(), Instant.now(), unstamped.kind(), unstamped.request(),
                    unstamped.response(), unstamped.text());
            entries.addLast(entry);
            if (entries.size() > maxEntries) {
                entries.pollFirst();
                dropped++;
            }
            if (live != null) {
                live.accept(render(entry, false));
            }
            if (listener != null) {
                listener.accept(new ConversationEvent(entry.connectionId(), entry.at(), entry.kind(),
                        Optional.ofNullable(entry.request()), Optional.ofNullable(entry.response()), text(entry)));
            }
        }
    }

    /** The whole conversation, grouped by connection, each entry with its time since the server started. */
    public String render() {
        List<Entry> copy;
        Map<Integer, String> clients;
        long droppedSoFar;
        synchronized (entries) {
            copy = new ArrayList<>(entries);
            clients = new LinkedHashMap<>(connections);
            droppedSoFar = dropped;
        }
        if (copy.isEmpty()) {
            return "(no connections)\n";
        }
        Map<Integer, List<Entry>> byConnection = new LinkedHashMap<>();
        for (Entry e : copy) {
            byConnection.computeIfAbsent(e.connectionId(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder sb = new StringBuilder();
        if (droppedSoFar > 0) {
            sb.append("(").append(droppedSoFar).append(" earlier entries dropped: the server keeps a bounded journal)\n");
        }
        for (Map.Entry<Integer, List<Entry>> group : byConnection.entrySet()) {
            sb.append("connection ").append(group.getKey());
            String client = clients.get(group.getKey());
            if (client != null) {
                sb.append(" (").append(client).append(')');
            }
            sb.append('\n');
            for (Entry e : group.getValue()) {
                sb.append("  ").append(render(e, true)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String arrow(Kind kind) {
        return switch (kind) {
            case REQUEST -> "->";
            case REPLY -> "<-";
            default -> "**";
        };
    }

    /** The entry's text, abbreviated; a renderer that throws is named instead of thrown. */
    private static String text(Entry e) {
        String text;
        try {
            text = e.text().get();
        } catch (RuntimeException | StackOverflowError failure) {
            text = "(cannot render this entry: " + failure + ")";
        }
        if (text.length() > MAX_ENTRY_CHARS) {
            text = text.substring(0, MAX_ENTRY_CHARS) + "... (" + text.length() + " chars)";
        }
        return text;
    }

    private String render(Entry e, boolean grouped) {
        long ms = Duration.between(start, e.at()).toMillis();
        String time = String.format("%6d.%03ds ", ms / 1000, ms % 1000);
        return grouped ? time + arrow(e.kind()) + " " + text(e)
                : time + "[conn " + e.connectionId() + "] " + arrow(e.kind()) + " " + text(e);
    }
}
