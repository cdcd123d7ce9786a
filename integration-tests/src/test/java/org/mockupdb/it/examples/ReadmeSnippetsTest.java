package org.mockupdb.it.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md is the marked region of an example in this package,
 * which compiles and runs as a test; and every marked region is in the README.
 *
 * <p>An example marks what the README quotes with a line {@code // README: NAME} before it and a
 * line {@code // README: end} after it. Several regions of one name in a file are joined with
 * a blank line, so that a snippet can show its imports (a region above the class) and then its
 * code (a region in a test method). Each region is compared after removing its common
 * indentation and trailing spaces, as is the README's block. An example file holds one snippet,
 * and every import of the file is in its regions, so the imports a snippet shows are all it needs
 * (the test's own scaffolding names its classes in full, as {@code @org.junit.jupiter.api.Test});
 * and a snippet imports nothing it does not use.
 */
class ReadmeSnippetsTest {
    static final Path EXAMPLES = Path.of("src/test/java/org/mockupdb/it/examples");
    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*// README: ([A-Za-z0-9_-]+)\\s*$");
    /** A README block and a region that share this share of their lines are one snippet, changed on one side. */
    private static final double CHANGED_COPY = 0.5;
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;.*$");

    private static final String HOW_TO_ADD = "To add an example for a README block: put its code, exactly as the README"
            + " shows it, in a file of integration-tests/" + EXAMPLES.toString().replace('\\', '/') + "/ between a line"
            + " `// README: some-name` and a line `// README: end`, in a test that runs it (a JUnit example class"
            + " can be the file itself, a JShell script a .jsh file that a test evaluates, as ShellScriptTest"
            + " does). Regions of one name in a file are joined with a blank line: put the imports in one above"
            + " the class and the code in another inside a test method. One snippet per file; every import of"
            + " the file inside its regions (name scaffolding classes in full). Then run: mvn -B -o -pl"
            + " integration-tests -am test -Dtest=ReadmeSnippetsTest -Dsurefire.failIfNoSpecifiedTests=false";

    @Test
    void everyJavaBlockOfTheReadmeIsAnExampleRegion() {
        List<Region> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Block block : readmeBlocks()) {
            if (regions.stream().noneMatch(r -> r.text().equals(block.text()))) {
                Region nearest = nearest(block.text(), regions, Region::text);
                if (nearest != null && similarity(block.text(), nearest.text()) >= CHANGED_COPY) {
                    problems.add("README.md line " + block.fence() + ": this ```java block is a changed copy of the"
                            + " example region '" + nearest.name() + "' (" + nearest.where() + "): make the two agree"
                            + " (change the example, run it, and quote it in the README); "
                            + firstDifference(block, nearest) + ".");
                } else {
                    problems.add("README.md line " + block.fence() + ": this ```java block is in no example region"
                            + (nearest == null ? "" : " (the nearest, '" + nearest.name() + "' at " + nearest.where()
                            + ", differs in most lines)") + ". " + HOW_TO_ADD);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void everyExampleRegionIsInTheReadme() {
        List<Block> blocks = readmeBlocks();
        List<Region> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Region region : regions) {
            if (blocks.stream().noneMatch(b -> b.text().equals(region.text()))) {
                Block nearest = nearest(region.text(), blocks, Block::text);
                boolean changedCopy = nearest != null && similarity(nearest.text(), region.text()) >= CHANGED_COPY
                        && regions.stream().noneMatch(r -> r.text().equals(nearest.text()));
                if (!changedCopy) {   // a changed copy is reported from the README's side, by the test above
                    problems.add("example region '" + region.name() + "' (" + region.where() + ") is in no ```java"
                            + " block of README.md: quote it there as it is or, if the README no longer shows it,"
                            + " delete the example."
                            + (nearest == null ? "" : " The nearest README block, at line " + nearest.fence()
                            + ", differs in most lines."));
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void anExampleFileHoldsOneSnippetAndAllItsImportsAreShown() {
        List<String> problems = new ArrayList<>();
        for (Path file : exampleFiles()) {
            List<String> lines = read(file);
            Set<String> names = new TreeSet<>();
            List<Integer> importsOutside = new ArrayList<>();
            boolean inside = false;
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i));
                if (marker.matches()) {
                    inside = !marker.group(1).equals("end");
                    if (inside) {
                        names.add(marker.group(1));
                    }
                } else if (!inside && IMPORT.matcher(lines.get(i).strip()).matches()) {
                    importsOutside.add(i);
                }
            }
            if (!names.isEmpty()) {
                for (int i : importsOutside) {
                    problems.add(file.getFileName() + ":" + (i + 1) + ": `" + lines.get(i).strip() + "` is outside the"
                            + " README regions, so the README's snippet does not show all it needs: move it into the"
                            + " imports region (and the README), or name the class in full in the test's scaffolding");
                }
            }
            if (names.size() > 1) {
                problems.add(file.getFileName() + " holds the regions " + names + ": one snippet per file, so that the"
                        + " imports each shows are its own");
            }
        }
        if (!problems.isEmpty()) {
            fail("example files:\n" + String.join("\n", problems));
        }
    }

    @Test
    void aSnippetImportsOnlyWhatItUses() {
        List<String> problems = new ArrayList<>();
        for (Block block : readmeBlocks()) {
            List<String> lines = List.of(block.text().split("\n", -1));
            String code = lines.stream().filter(l -> !IMPORT.matcher(l).matches()).collect(Collectors.joining("\n"));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = IMPORT.matcher(lines.get(i));
                if (m.matches() && m.group(3) == null) {
                    String imported = m.group(2);
                    String simple = imported.substring(imported.lastIndexOf('.') + 1);
                    if (!Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(code).find()) {
                        problems.add("README.md line " + block.lineOf(i) + ": imports " + imported + ", which the"
                                + " snippet does not use");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail("unused imports in the README's snippets:\n" + String.join("\n", problems));
        }
    }

    @Test
    void regionsAreWellFormed() {
        // regions() throws on a region left open, an end without a start, or a name used in two files.
        assertFalse(regions().isEmpty(), "expected marked regions in " + Project.module().resolve(EXAMPLES));
    }

    // ---- the README's blocks

    /**
     * A fenced {@code ```java} block: the number of its fence's line and of its first line of code, and its
     * text without common indentation.
     */
    record Block(int fence, int line, String text) {
        int lineOf(int index) {
            return line + index;
        }
    }

    static List<Block> readmeBlocks() {
        Path readme = Project.root().resolve("README.md");
        List<String> lines = read(readme);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches() || open.group(2).isEmpty()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError("README.md line " + (i + 1) + ": a ```" + open.group(2) + " block is never"
                        + " closed");
            }
            if (open.group(2).equals("java")) {
                List<String> body = lines.subList(i + 1, end);
                int blank = 0;
                while (blank < body.size() && body.get(blank).isBlank()) {
                    blank++;
                }
                blocks.add(new Block(i + 1, i + 2 + blank, normalize(body)));
            }
            i = end;
        }
        return blocks;
    }

    // ---- the examples' regions

    /** A marked region, its parts joined: its name, where its first part starts, its text. */
    record Region(String name, Path file, int line, String text) {
        String where() {
            return Project.root().relativize(file) + ":" + line;
        }
    }

    static List<Path> exampleFiles() {
        Path dir = Project.module().resolve(EXAMPLES);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".jsh"))
                    .filter(f -> !f.getFileName().toString().equals("ReadmeSnippetsTest.java"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the examples in " + dir, e);
        }
    }

    static List<Region> regions() {
        List<Region> regions = new ArrayList<>();
        Map<String, Path> fileOfName = new LinkedHashMap<>();
        for (Path file : exampleFiles()) {
            List<String> lines = read(file);
            Map<String, List<String>> parts = new LinkedHashMap<>();
            Map<String, Integer> firstLine = new LinkedHashMap<>();
            String open = null;
            int openedAt = 0;
            List<String> current = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i));
                if (!marker.matches()) {
                    if (open != null) {
                        current.add(lines.get(i));
                    }
                    continue;
                }
                String name = marker.group(1);
                String at = Project.root().relativize(file) + ":" + (i + 1);
                if (name.equals("end")) {
                    if (open == null) {
                        throw new AssertionError(at + ": `// README: end` without a `// README: NAME` before it");
                    }
                    parts.computeIfAbsent(open, k -> new ArrayList<>()).add(normalize(current));
                    firstLine.putIfAbsent(open, openedAt);
                    open = null;
                } else {
                    if (open != null) {
                        throw new AssertionError(at + ": `// README: " + name + "` inside the region '" + open
                                + "' opened at line " + openedAt + ": end that one first with `// README: end`");
                    }
                    Path other = fileOfName.putIfAbsent(name, file);
                    if (other != null && !other.equals(file)) {
                        throw new AssertionError(at + ": the region name '" + name + "' is taken by " + other
                                + ": give each snippet its own name");
                    }
                    open = name;
                    openedAt = i + 1;
                    current = new ArrayList<>();
                }
            }
            if (open != null) {
                throw new AssertionError(Project.root().relativize(file) + ":" + openedAt + ": the region '" + open
                        + "' is never closed with `// README: end`");
            }
            parts.forEach((name, texts) -> regions.add(new Region(name, file, firstLine.get(name),
                    String.join("\n\n", texts))));
        }
        return regions;
    }

    // ---- nearest matches, for the messages

    /** The item whose text has the most lines in common with {@code text}, or null when none has any. */
    private static <T> T nearest(String text, List<T> items, Function<T, String> textOf) {
        T best = null;
        double bestScore = 0;
        for (T item : items) {
            double score = similarity(text, textOf.apply(item));
            if (score > bestScore) {
                best = item;
                bestScore = score;
            }
        }
        return best;
    }

    private static String firstDifference(Block block, Region region) {
        String[] readme = block.text().split("\n", -1);
        String[] example = region.text().split("\n", -1);
        int i = 0;
        while (i < readme.length && i < example.length && readme[i].equals(example[i])) {
            i++;
        }
        String readmeLine = i < readme.length ? "`" + readme[i] + "`" : "(the block has ended)";
        String exampleLine = i < example.length ? "`" + example[i] + "`" : "(the region has ended)";
        return "they first differ at README.md line " + block.lineOf(Math.min(i, readme.length - 1)) + " (line "
                + (i + 1) + " of the snippet):\n  README:  " + readmeLine + "\n  example: " + exampleLine;
    }

    /** The share of lines two texts have in common, in order (a longest common subsequence of lines). */
    static double similarity(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int[][] lcs = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--) {
            for (int j = y.length - 1; j >= 0; j--) {
                lcs[i][j] = x[i].strip().equals(y[j].strip()) && !x[i].isBlank()
                        ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        return (double) lcs[0][0] / Math.max(x.length, y.length);
    }

    // ---- text

    /** Without trailing spaces, leading and trailing blank lines, and the indentation all lines share. */
    static String normalize(List<String> lines) {
        List<String> stripped = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
            stripped.remove(0);
        }
        while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
            stripped.remove(stripped.size() - 1);
        }
        int indent = stripped.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
