package dev.unclosed.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes reports field by field in the documented order, laid out as Jackson's data binding would write them
 * ({@link JsonText}). The agent writes its report in the last moments of every JVM it watches: Jackson's streaming
 * generator took most of that exit's time (its classes loaded and run once), so the agent does without it.
 * {@link ReportFiles} reads the result with data binding.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Writes atomically: a reader never sees half a report. */
    public static void write(LeakReport report, Path file) throws IOException {
        // Not a lambda: the agent calls this at JVM exit, where a lambda's first use spins a class.
        AtomicFiles.write(file, new AtomicFiles.Content() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(report, out);
            }
        });
    }

    public static void write(LeakReport report, OutputStream out) throws IOException {
        JsonText json = new JsonText(out);
        write(report, json);
        json.flush();
    }

    public static String toJson(LeakReport report) {
        JsonText json = new JsonText(null);
        try {
            write(report, json);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen: nothing is written to a stream
        }
        return json.toString();
    }

    private static void write(LeakReport report, JsonText json) throws IOException {
        json.startObject();
        json.field("schemaVersion", report.schemaVersion());
        json.name("tool").startObject();
        json.field("name", report.tool().name());
        json.field("version", report.tool().version());
        json.endObject();
        json.name("jvm").startObject();
        json.field("version", report.jvm().version());
        json.field("vendor", report.jvm().vendor());
        json.field("pid", report.jvm().pid());
        json.endObject();
        json.field("startedAt", report.startedAt());
        json.field("finishedAt", report.finishedAt());
        json.name("options").startObject();
        for (Map.Entry<String, String> option : report.options().entrySet()) {
            json.field(option.getKey(), option.getValue());
        }
        json.endObject();
        LeakReport.Summary summary = report.summary();
        json.name("summary").startObject();
        json.field("tracked", summary.tracked());
        json.field("closed", summary.closed());
        json.field("leaked", summary.leaked());
        json.field("openAtExit", summary.openAtExit());
        json.field("agentErrors", summary.agentErrors());
        json.field("sampleRate", summary.sampleRate());
        // Written only when there is something to say: most reports have neither.
        if (summary.untracked() > 0) {
            json.field("untracked", summary.untracked());
        }
        if (!summary.agentErrorKinds().isEmpty()) {
            json.name("agentErrorKinds").startArray();
            for (LeakReport.AgentErrorKind kind : summary.agentErrorKinds()) {
                json.startObject();
                json.field("kind", kind.kind());
                json.field("count", kind.count());
                json.field("firstMessage", kind.firstMessage());
                json.endObject();
            }
            json.endArray();
        }
        json.endObject();
        json.name("leaks").startArray();
        for (Leak leak : report.leaks()) {
            writeLeak(leak, json);
        }
        json.endArray();
        json.endObject();
    }

    private static void writeLeak(Leak leak, JsonText json) throws IOException {
        json.startObject();
        json.field("id", leak.id());
        json.field("type", leak.type());
        json.field("kind", leak.kind());
        json.field("count", leak.count());
        json.name("site");
        writeFrame(leak.site(), json);
        writeFrames("stack", leak.stack(), json);
        writeStrings("owns", leak.owns(), json);
        json.field("thread", leak.thread());
        json.field("firstSeen", leak.firstSeen());
        json.name("paths").startArray();
        for (LeakPath path : leak.paths()) {
            json.startObject();
            json.field("count", path.count());
            json.name("complete").value(path.complete());
            writeFrames("stack", path.stack(), json);
            writeOwned(path.owned(), json);
            json.endObject();
        }
        json.endArray();
        writeOwned(leak.owned(), json);
        if (!leak.tests().isEmpty()) {
            json.name("tests").startArray();
            for (LeakTest test : leak.tests()) {
                json.startObject();
                json.field("id", test.id());
                writeStringIfPresent("displayName", test.displayName(), json);
                writeStringIfPresent("className", test.className(), json);
                writeStringIfPresent("methodName", test.methodName(), json);
                json.field("count", test.count());
                json.endObject();
            }
            json.endArray();
        }
        if (leak.api() != null) {
            json.name("api").startObject();
            json.field("call", leak.api().call());
            if (leak.api().type() != null) {
                json.field("type", leak.api().type());
            }
            json.endObject();
        }
        json.endObject();
    }

    private static void writeStringIfPresent(String name, String value, JsonText json) throws IOException {
        if (value != null) {
            json.field(name, value);
        }
    }

    private static void writeOwned(List<OwnedObject> owned, JsonText json) throws IOException {
        json.name("owned").startArray();
        for (OwnedObject o : owned) {
            json.startObject();
            json.field("type", o.type());
            json.name("site");
            writeFrame(o.site(), json);
            if (!o.stack().isEmpty()) {
                writeFrames("stack", o.stack(), json);
            }
            json.endObject();
        }
        json.endArray();
    }

    private static void writeFrames(String name, List<Frame> frames, JsonText json) throws IOException {
        json.name(name).startArray();
        for (Frame frame : frames) {
            writeFrame(frame, json);
        }
        json.endArray();
    }

    private static void writeFrame(Frame frame, JsonText json) throws IOException {
        json.repeated(frame, FrameText.INSTANCE);
    }

    /**
     * Not a lambda: the agent writes at JVM exit, where a lambda's first use spins a class. A class of its own,
     * loaded with the first frame written: a JVM that leaked nothing loads none of this at exit.
     */
    private static final class FrameText implements JsonText.Part<Frame> {
        static final FrameText INSTANCE = new FrameText();

        @Override
        public void write(Frame frame, JsonText json) throws IOException {
            writeFrameText(frame, json);
        }
    }

    private static void writeFrameText(Frame frame, JsonText json) throws IOException {
        if (frame == null) {
            json.value((String) null);
            return;
        }
        json.startObject();
        json.field("className", frame.className());
        json.field("methodName", frame.methodName());
        json.field("fileName", frame.fileName());
        json.field("lineNumber", frame.lineNumber());
        json.endObject();
    }

    private static void writeStrings(String name, List<String> values, JsonText json) throws IOException {
        json.name(name).startArray();
        for (String value : values) {
            json.value(value);
        }
        json.endArray();
    }
}
