package org.mockupdb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every row of a run, in the order the figures were measured, rendered as text or Markdown. */
final class Table {
    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** The row of this figure and server, made the first time it is asked for. */
    Row row(String figure, Kind kind, String unit, Row.Better better, double target) {
        return rows.computeIfAbsent(figure + "|" + kind, k -> new Row(figure, kind, unit, better, target));
    }

    /** The row of this figure and server, or null. */
    Row find(String figure, Kind kind) {
        return rows.get(figure + "|" + kind);
    }

    List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    String render(boolean markdown) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"figure", "server", "median", "unit", "spread", "x baseline", "target", ""});
        String last = null;
        for (Row r : rows.values()) {
            Row base = find(r.figure, Kind.BASELINE);
            double ratio = r.ratioTo(base);
            lines.add(new String[] {
                    r.figure.equals(last) && !markdown ? "" : r.figure,
                    r.kind.label,
                    format(r.median()),
                    r.unit,
                    r.samples.size() < 2 ? "" : String.format(Locale.ROOT, "±%.1f%%", r.spread() * 100),
                    Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio),
                    r.targetText(),
                    r.verdict(base, find(r.figure, Kind.BASELINE_AGAIN))});
            last = r.figure;
        }
        return markdown ? markdown(lines) : text(lines);
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String markdown(List<String[]> lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append('|');
            for (String cell : lines.get(i)) {
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
            if (i == 0) {
                sb.append("|---|---|---:|---|---:|---:|---|---|\n");
            }
        }
        return sb.toString();
    }

    private static String text(List<String[]> lines) {
        int[] width = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                boolean right = i == 2 || i == 4 || i == 5;
                String cell = line[i];
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(right ? pad + cell : cell + pad).append(i < line.length - 1 ? "  " : "");
            }
            sb.append('\n');
        }
        return sb.toString().replaceAll(" +\n", "\n");
    }
}
