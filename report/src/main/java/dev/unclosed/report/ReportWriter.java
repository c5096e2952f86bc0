package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes reports with Jackson's streaming generator, field by field in the documented order. The agent writes its
 * report in the last moments of every JVM it watches; the streaming API alone loads a small fraction of the classes
 * that data binding needs, which keeps that exit fast. {@link ReportFiles} reads the result with data binding.
 */
public final class ReportWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

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
        try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            write(report, json);
        }
    }

    public static String toJson(LeakReport report) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text).useDefaultPrettyPrinter()) {
            write(report, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static void write(LeakReport report, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("schemaVersion", report.schemaVersion());
        json.writeObjectFieldStart("tool");
        json.writeStringField("name", report.tool().name());
        json.writeStringField("version", report.tool().version());
        json.writeEndObject();
        json.writeObjectFieldStart("jvm");
        json.writeStringField("version", report.jvm().version());
        json.writeStringField("vendor", report.jvm().vendor());
        json.writeNumberField("pid", report.jvm().pid());
        json.writeEndObject();
        json.writeStringField("startedAt", report.startedAt());
        json.writeStringField("finishedAt", report.finishedAt());
        json.writeObjectFieldStart("options");
        for (Map.Entry<String, String> option : report.options().entrySet()) {
            json.writeStringField(option.getKey(), option.getValue());
        }
        json.writeEndObject();
        LeakReport.Summary summary = report.summary();
        json.writeObjectFieldStart("summary");
        json.writeNumberField("tracked", summary.tracked());
        json.writeNumberField("closed", summary.closed());
        json.writeNumberField("leaked", summary.leaked());
        json.writeNumberField("openAtExit", summary.openAtExit());
        json.writeNumberField("agentErrors", summary.agentErrors());
        json.writeNumberField("sampleRate", summary.sampleRate());
        // Written only when there is something to say: most reports have neither.
        if (summary.untracked() > 0) {
            json.writeNumberField("untracked", summary.untracked());
        }
        if (!summary.agentErrorKinds().isEmpty()) {
            json.writeArrayFieldStart("agentErrorKinds");
            for (LeakReport.AgentErrorKind kind : summary.agentErrorKinds()) {
                json.writeStartObject();
                json.writeStringField("kind", kind.kind());
                json.writeNumberField("count", kind.count());
                json.writeStringField("firstMessage", kind.firstMessage());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeArrayFieldStart("leaks");
        for (Leak leak : report.leaks()) {
            writeLeak(leak, json);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeLeak(Leak leak, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", leak.id());
        json.writeStringField("type", leak.type());
        json.writeStringField("kind", leak.kind());
        json.writeNumberField("count", leak.count());
        json.writeFieldName("site");
        writeFrame(leak.site(), json);
        writeFrames("stack", leak.stack(), json);
        writeStrings("owns", leak.owns(), json);
        json.writeStringField("thread", leak.thread());
        json.writeStringField("firstSeen", leak.firstSeen());
        json.writeArrayFieldStart("paths");
        for (LeakPath path : leak.paths()) {
            json.writeStartObject();
            json.writeNumberField("count", path.count());
            json.writeBooleanField("complete", path.complete());
            writeFrames("stack", path.stack(), json);
            writeOwned(path.owned(), json);
            json.writeEndObject();
        }
        json.writeEndArray();
        writeOwned(leak.owned(), json);
        if (!leak.tests().isEmpty()) {
            json.writeArrayFieldStart("tests");
            for (LeakTest test : leak.tests()) {
                json.writeStartObject();
                json.writeStringField("id", test.id());
                writeStringIfPresent("displayName", test.displayName(), json);
                writeStringIfPresent("className", test.className(), json);
                writeStringIfPresent("methodName", test.methodName(), json);
                json.writeNumberField("count", test.count());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (leak.api() != null) {
            json.writeObjectFieldStart("api");
            json.writeStringField("call", leak.api().call());
            if (leak.api().type() != null) {
                json.writeStringField("type", leak.api().type());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeStringIfPresent(String name, String value, JsonGenerator json) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void writeOwned(List<OwnedObject> owned, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("owned");
        for (OwnedObject o : owned) {
            json.writeStartObject();
            json.writeStringField("type", o.type());
            json.writeFieldName("site");
            writeFrame(o.site(), json);
            if (!o.stack().isEmpty()) {
                writeFrames("stack", o.stack(), json);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeFrames(String name, List<Frame> frames, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart(name);
        for (Frame frame : frames) {
            writeFrame(frame, json);
        }
        json.writeEndArray();
    }

    private static void writeFrame(Frame frame, JsonGenerator json) throws IOException {
        if (frame == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("className", frame.className());
        json.writeStringField("methodName", frame.methodName());
        json.writeStringField("fileName", frame.fileName());
        json.writeNumberField("lineNumber", frame.lineNumber());
        json.writeEndObject();
    }

    private static void writeStrings(String name, List<String> values, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
