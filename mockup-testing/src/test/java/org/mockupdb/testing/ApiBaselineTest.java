package org.mockupdb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockupdb.testing.fixture.Box;

class ApiBaselineTest {
    /** The test classes: the fixtures are their only public types. */
    private static final Path TEST_CLASSES = classesRoot();

    private static Path classesRoot() {
        try {
            return Paths.get(Box.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listsPublicAndProtectedSignaturesSortedWithGenericsAndNoInternalPackage() {
        List<String> api = ApiBaseline.list(TEST_CLASSES, getClass().getClassLoader());
        String expected = String.join("\n",
                "public class org.mockupdb.testing.fixture.Box<T extends java.lang.Comparable<? super T>>"
                        + " implements java.lang.Iterable<T>",
                "  protected <init>(java.util.Collection<? extends T>) throws java.io.IOException",
                "  protected java.util.List<T> items",
                "  public <R extends java.lang.Comparable<? super R>> org.mockupdb.testing.fixture.Box<R>"
                        + " map(java.util.function.Function<? super T, R>)",
                "  public <init>()",
                "  public final void add(T...)",
                "  public java.util.Iterator<T> iterator()",
                "  public static final int LIMIT",
                "public static class org.mockupdb.testing.fixture.Box.Nested",
                "  public <init>()",
                "  public java.util.List<java.util.List<java.lang.String>[]> lists()",
                "public enum org.mockupdb.testing.fixture.Kind",
                "  enum constant A",
                "  enum constant B",
                "  public int weight()",
                "  public static org.mockupdb.testing.fixture.Kind valueOf(java.lang.String)",
                "  public static org.mockupdb.testing.fixture.Kind[] values()",
                "public sealed interface org.mockupdb.testing.fixture.Shape permits"
                        + " org.mockupdb.testing.fixture.Shape.Circle, org.mockupdb.testing.fixture.Shape.Square",
                "  public default java.lang.String name()",
                "  public double area()",
                "public record org.mockupdb.testing.fixture.Shape.Circle(double radius)"
                        + " implements org.mockupdb.testing.fixture.Shape",
                "  public <init>(double)",
                "  public double area()",
                "  public double radius()",
                "  public final boolean equals(java.lang.Object)",
                "  public final int hashCode()",
                "  public final java.lang.String toString()",
                "public static final class org.mockupdb.testing.fixture.Shape.Square"
                        + " implements org.mockupdb.testing.fixture.Shape",
                "  public <init>(double)",
                "  public double area()",
                "public @interface org.mockupdb.testing.fixture.Tag",
                "  public int[] numbers() default {1, 2}",
                "  public java.lang.Class<?> type() default java.lang.Object.class",
                "  public java.lang.String value() default \"x\"",
                "  public org.mockupdb.testing.fixture.Kind kind() default org.mockupdb.testing.fixture.Kind.A");
        assertEquals(expected, String.join("\n", api));
        assertEquals("7 types, 19 methods, 5 constructors, 4 fields", ApiBaseline.counts(api));
    }

    @Test
    void diffShowsRemovedAndAddedLinesUnderTheirType() {
        List<String> before = List.of("public class a.A", "  public void f()", "  public void g()", "public class a.B",
                "  public void h()");
        List<String> after = List.of("public class a.A", "  public void f()", "  public void g(int)",
                "public class a.B", "  public void h()", "public class a.C");
        assertEquals("  public class a.A\n"
                + "+   public void g(int)\n"
                + "-   public void g()\n"
                + "+ public class a.C\n", ApiBaseline.diff(before, after));
    }

    @Test
    void aMissingClassesDirectoryIsNamed() {
        Path missing = TEST_CLASSES.resolve("no-such-directory");
        AssertionError e = assertThrows(AssertionError.class,
                () -> ApiBaseline.list(missing, getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("no-such-directory") && e.getMessage().contains("found no such directory"),
                e.getMessage());
    }
}
