package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.ReportFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made reports, written to a file for the command line to read. */
final class HandMade {

    private HandMade() {
    }

    /** {@code "java.util.zip.ZipFile.<init>(ZipFile.java:182)"} to a frame. */
    static Frame frame(String text) {
        int paren = text.indexOf('(');
        String qualified = text.substring(0, paren);
        int dot = qualified.lastIndexOf('.');
        String location = text.substring(paren + 1, text.length() - 1);
        int colon = location.indexOf(':');
        return new Frame(qualified.substring(0, dot), qualified.substring(dot + 1),
                colon < 0 ? location : location.substring(0, colon), colon < 0 ? -1 : Integer.parseInt(location.substring(colon + 1)));
    }

    static List<Frame> stack(String... frames) {
        List<Frame> stack = new ArrayList<>();
        for (String frame : frames) {
            stack.add(frame(frame));
        }
        return stack;
    }

    static Leak leak(String id, String type, String kind, long count, Frame site, List<Frame> stack, LeakTest... tests) {
        return new Leak(id, type, kind, count, site, stack, List.of(), "main", "2025-03-01T10:00:01Z", List.of(), List.of(),
                List.of(tests));
    }

    static Leak leak(String id, String type, String kind, String site) {
        Frame frame = frame(site);
        return leak(id, type, kind, 1, frame, List.of(frame));
    }

    static Path write(Path dir, String name, Leak... leaks) throws IOException {
        long gc = 0;
        long exit = 0;
        for (Leak leak : leaks) {
            gc += Leak.KIND_GC.equals(leak.kind()) ? leak.count() : 0;
            exit += Leak.KIND_EXIT.equals(leak.kind()) ? leak.count() : 0;
        }
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "0.1.0"),
                new LeakReport.Jvm("17.0.15", "Eclipse Adoptium", 4242), "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z",
                Map.of("report", "unclosed-report.json"), new LeakReport.Summary(100, 90, gc, exit, 0, 1), List.of(leaks));
        Path file = dir.resolve(name);
        // Jackson's binding writes every field of the model, tests included, whatever the agent's writer knows yet.
        ReportFiles.mapper().writeValue(file.toFile(), report);
        return file;
    }
}
