package org.mockupdb.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every request, reply and event of a server's conversation, in order. Entries are rendered
 * to text only when the transcript is read (or when a live log asks), never on the hot path.
 */
public final class Transcript {
    private static final int MAX_ENTRY_CHARS = 2_000;

    private record Entry(int connectionId, Instant at, String arrow, Supplier<String> text) {
    }

    private final Instant start = Instant.now();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<Integer, String> connections = new LinkedHashMap<>();
    private final Consumer<String> live;
    private final int maxEntries;
    private long dropped;

    /** @param live where to print each entry as it happens, or null for no live log */
    public Transcript(Consumer<String> live) {
        this(live, Integer.MAX_VALUE);
    }

    /**
     * @param live       where to print each entry as it happens, or null for no live log
     * @param maxEntries how many entries to keep; the oldest are dropped beyond it
     */
    public Transcript(Consumer<String> live, int maxEntries) {
        this.live = live;
        this.maxEntries = maxEntries;
    }

    /** The entries to keep for a journal of {@code requests}: a request, its reply and a note or two each. */
    public static int entriesFor(int requests) {
        return requests > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : requests * 4;
    }

    public void connectionOpened(int connectionId, String client) {
        synchronized (entries) {
            connections.put(connectionId, client);
        }
        add(connectionId, "**", () -> "connection opened from " + client);
    }

    public void request(int connectionId, Supplier<String> text) {
        add(connectionId, "->", text);
    }

    public void reply(int connectionId, Supplier<String> text) {
        add(connectionId, "<-", text);
    }

    public void note(int connectionId, String text) {
        add(connectionId, "**", () -> text);
    }

    /** Stamps the entry under the lock, so entries are in the order of their times. */
    private void add(int connectionId, String arrow, Supplier<String> text) {
        Entry entry;
        synchronized (entries) {
            entry = new Entry(connectionId, Instant.now(), arrow, text);
            entries.addLast(entry);
            if (entries.size() > maxEntries) {
                entries.pollFirst();
                dropped++;
            }
        }
        if (live != null) {
            live.accept(render(entry, false));
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

    private String render(Entry e, boolean grouped) {
        long ms = Duration.between(start, e.at()).toMillis();
        String text = e.text().get();
        if (text.length() > MAX_ENTRY_CHARS) {
            text = text.substring(0, MAX_ENTRY_CHARS) + "... (" + text.length() + " chars)";
        }
        String time = String.format("%6d.%03ds ", ms / 1000, ms % 1000);
        return grouped ? time + e.arrow() + " " + text
                : time + "[conn " + e.connectionId() + "] " + e.arrow() + " " + text;
    }
}
