package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakPath;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.OwnedObject;

import java.util.ArrayList;
import java.util.List;

/** The words for a finding, shared by the console summary, SARIF messages and JUnit failures so they agree. */
final class LeakText {

    private LeakText() {
    }

    /**
     * {@code collected without close()}, {@code still open at JVM exit}, {@code open when the report was written}, or
     * a newer agent's kind by its name.
     */
    static String what(Leak leak) {
        if (Leak.KIND_GC.equals(leak.kind())) {
            return "collected without close()";
        }
        if (Leak.KIND_OPEN.equals(leak.kind())) {
            return "open when the report was written";
        }
        return Leak.KIND_EXIT.equals(leak.kind()) ? "still open at JVM exit" : "reported as kind " + leak.kind();
    }

    /** {@code 3 x java.io.FileInputStream collected without close()}. */
    static String headline(Leak leak) {
        return leak.count() + " x " + leak.type() + " " + what(leak);
    }

    /** {@code 3 x java.io.FileInputStream collected without close(), allocated at InvoiceStore.java:42 in com.acme.InvoiceStore.load}. */
    static String sentence(Leak leak) {
        return headline(leak) + (leak.site() == null
                ? " (allocation site unknown: the agent ran without stacks)"
                : ", allocated at " + leak.location() + " in " + method(leak.site()));
    }

    /** {@code from java.nio.file.Files.newDirectoryStream (a java.nio.file.DirectoryStream)}, for an internal type; else null. */
    static String api(Leak leak) {
        return leak.api() == null ? null : "from " + leak.api().describe();
    }

    /** {@code com.acme.InvoiceStore.load}. */
    static String method(Frame frame) {
        return frame.className() + "." + frame.methodName();
    }

    /**
     * The site and the application's frames around it, JDK and test-runner frames folded (see {@link StackView});
     * where there is no stack, the site alone, or a line saying why there is nothing.
     */
    static List<String> stack(Leak leak) {
        if (leak.stack().isEmpty()) {
            return noStack(leak);
        }
        return StackView.lines(leak.stack(), leak.site());
    }

    private static List<String> noStack(Leak leak) {
        return List.of(leak.site() == null ? "(no stack: the agent ran with stacks off)" : "at " + leak.site());
    }

    /**
     * A line on the finding's paths when the stack shown is not the whole story: {@code leaked from 3 call paths
     * (the one shown: 2 of 5); see paths in the report}, or that some objects' callers are unknown; else null.
     */
    static String paths(Leak leak) {
        List<LeakPath> paths = leak.paths();
        long unknown = 0;
        long shown = 0;
        for (LeakPath path : paths) {
            unknown += path.complete() ? 0 : path.count();
            shown = shown == 0 && path.complete() ? path.count() : shown;
        }
        String known = unknown == 0 ? "" : "; callers unknown for " + unknown + " (the site shared one stack then)";
        if (paths.size() > 1) {
            return "leaked from " + paths.size() + " call paths (the one shown: " + shown + " of " + leak.count() + ")"
                    + known + "; all in the report's paths";
        }
        return unknown == 0 ? null : "callers unknown: the site shared one stack then; later leaks there show their own";
    }

    /**
     * Where the objects it held were opened, where that is not its own site: the innermost resource as
     * {@code opened at SomeTest.java:81 (com.acme.SomeTest.reads), wrapped at Library.java:533} when other code than
     * the leaked object's own constructors opened it (the line that has to change may be the opener's), the others as
     * {@code sun.nio.cs.StreamDecoder opened at ...}.
     */
    static List<String> owned(Leak leak) {
        List<String> lines = new ArrayList<>();
        List<OwnedObject> owned = leak.owned();
        for (int i = 0; i < owned.size(); i++) {
            OwnedObject o = owned.get(i);
            if (o.site() == null || o.site().equals(leak.site()) || openedByOwnConstructors(leak, o.site())) {
                continue;
            }
            String where = "opened at " + o.site().location() + " (" + method(o.site()) + ")";
            lines.add(i == owned.size() - 1 && leak.site() != null
                    ? o.type() + " " + where + ", wrapped at " + leak.location()
                    : o.type() + " " + where);
        }
        return lines;
    }

    /** Whether {@code site} is a frame of the leaked object's own construction (its constructors, up to its site). */
    private static boolean openedByOwnConstructors(Leak leak, Frame site) {
        for (Frame frame : leak.stack()) {
            if (frame.equals(leak.site())) {
                return false;
            }
            if (frame.className().equals(site.className()) && frame.methodName().equals(site.methodName())) {
                return true;
            }
        }
        return false;
    }

    /** Tests named per finding in the console; the rest are counted. */
    static final int TESTS_SHOWN = 3;

    /** {@code leaked by 2 tests: com.acme.FooTest.reads (1), com.acme.BarTest.opens (3)}, then {@code and N more}; null without tests. */
    static String tests(Leak leak) {
        List<LeakTest> tests = leak.tests();
        if (tests.isEmpty()) {
            return null;
        }
        StringBuilder line = new StringBuilder("leaked by ").append(plural(tests.size(), "test")).append(": ");
        for (int i = 0; i < Math.min(TESTS_SHOWN, tests.size()); i++) {
            line.append(i == 0 ? "" : ", ").append(tests.get(i).qualifiedName()).append(" (").append(tests.get(i).count()).append(')');
        }
        if (tests.size() > TESTS_SHOWN) {
            line.append(" and ").append(tests.size() - TESTS_SHOWN).append(" more");
        }
        return line.toString();
    }

    /** The whole stack, one {@code at} line each, as in a Java stack trace. */
    static String fullStack(Leak leak) {
        List<String> lines = new ArrayList<>();
        for (Frame frame : leak.stack()) {
            lines.add("at " + frame);
        }
        return String.join("\n", leak.stack().isEmpty() ? noStack(leak) : lines);
    }

    static String plural(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }
}
