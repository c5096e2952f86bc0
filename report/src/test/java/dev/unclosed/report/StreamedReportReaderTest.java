package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamedReportReaderTest {

    @TempDir
    Path dir;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every part of the format used at least once, with text that needs escaping. */
    private static LeakReport everyPart() {
        String awkward = "a \"quoted\" \\ back\tslash\n é € \uD83D\uDE00";
        Frame site = SampleReports.frame("p.Odd$Inner", awkward, "Odd.java", 7);
        Frame noFile = new Frame("p.NoDebug", "run", null, -1);
        OwnedObject owned = new OwnedObject("java.io.FileDescriptor", site, List.of(site, noFile));
        LeakTest test = new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]/[method:reads()]", "reads()", "a.FooTest",
                "reads", 1);
        LeakTest lifecycle = new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]", "FooTest", "a.FooTest", null, 1);
        Leak leak = new Leak("0123456789abcdef", "p.Odd", "gc", 2, site, List.of(site, noFile), List.of(awkward, "x.Y"),
                awkward, "2025-03-01T10:00:01Z",
                List.of(new LeakPath(1, true, List.of(site, noFile), List.of(owned)), new LeakPath(1, false, List.of(site))),
                List.of(owned, new OwnedObject("x.Y", null, List.of())), List.of(test, lifecycle),
                new LeakApi("java.nio.file.Files.newInputStream", "java.io.InputStream"));
        Leak noSite = new Leak("fedcba9876543210", "java.net.Socket", "exit", 1, null, List.of(), List.of(), "t",
                "2025-03-01T10:00:02Z");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("report", "target/unclosed/{pid}.json");
        options.put(awkward, "16");
        return new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "0.2.0"),
                new LeakReport.Jvm("25", "Eclipse Adoptium", Long.MAX_VALUE), "2025-03-01T10:00:00Z",
                "2025-03-01T10:00:09Z", options,
                new LeakReport.Summary(Long.MAX_VALUE, 0, 3, 1, 2, 10, 5L,
                        List.of(new LeakReport.AgentErrorKind("transform", 2, awkward))),
                List.of(leak, noSite));
    }

    @Test
    void aSoundReportReadsAsDataBindingReadsIt() throws Exception {
        LeakReport report = everyPart();
        String json = ReportFiles.toJson(report);

        assertThat(StreamedReportReader.readSound(write(json)))
                .isEqualTo(ReportFiles.mapper().readValue(json, LeakReport.class))
                .isEqualTo(report);
    }

    @Test
    void equalFramesAndStacksAreReadAsOneInstance() throws Exception {
        LeakReport report = StreamedReportReader.readSound(write(ReportFiles.toJson(everyPart())));

        Leak leak = report.leaks().get(0);
        assertThat(leak.paths().get(0).stack()).isSameAs(leak.stack());
        assertThat(leak.site()).isSameAs(leak.stack().get(0));
        assertThat(leak.owned().get(0).site().methodName()).isSameAs(leak.site().methodName());
    }

    @Test
    void aBaselineIsLeftToTheSlowWay() throws Exception {
        String json = ReportFiles.toJson(everyPart()).replace("\"schemaVersion\" : 1,",
                "\"schemaVersion\" : 1, \"kind\" : \"" + ReportFiles.BASELINE_KIND + "\",");

        assertThat(StreamedReportReader.readSound(write(json))).isNull();
    }

    /**
     * Each part of the report removed, set to null, to another type, out of range, given twice, or joined by an unknown
     * field: whatever the streaming reader accepts, data binding reads the same (and the report passes the checks
     * after it); what it is not sure of, it leaves to data binding.
     */
    @Test
    void whatItAcceptsInABrokenReportDataBindingReadsTheSame() throws Exception {
        JsonNode original = ReportFiles.mapper().readTree(ReportFiles.toJson(everyPart()));
        List<JsonNode> replacements = List.of(NODES.nullNode(), NODES.textNode("3"), NODES.numberNode(42),
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(42.5), NODES.numberNode(3_000_000_000L),
                NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.booleanNode(true),
                NODES.objectNode(), NODES.arrayNode(), NODES.textNode(""));
        int accepted = 0;
        int leftToDataBinding = 0;
        for (JsonPointer at : pointers(original, JsonPointer.empty())) {
            List<String> variants = new ArrayList<>();
            if (!at.matches()) {
                variants.add(write(removed(original, at), null, null));
                for (JsonNode replacement : replacements) {
                    variants.add(write(replaced(original, at, replacement), null, null));
                }
                variants.add(write(original, at, NODES.nullNode()));
                variants.add(write(original, at, NODES.textNode("other")));
            }
            if (original.at(at).isObject()) {
                ObjectNode withUnknown = original.deepCopy();
                ((ObjectNode) withUnknown.at(at)).set("fromTheFuture", NODES.objectNode().set("x", NODES.arrayNode().add(1)));
                variants.add(write(withUnknown, null, null));
            }
            for (String json : variants) {
                LeakReport streamed = StreamedReportReader.readSound(write(json));
                if (streamed == null) {
                    leftToDataBinding++;
                } else {
                    accepted++;
                    assertThat(streamed).as(json).isEqualTo(dataBinding(json));
                }
            }
        }
        assertThat(accepted).isGreaterThan(100);
        assertThat(leftToDataBinding).isGreaterThan(100);
    }

    /** What the reading before streaming made of it, or null where it found the report faulty. */
    private static LeakReport dataBinding(String json) {
        try {
            LeakReport report = ReportFiles.mapper().readValue(json, LeakReport.class);
            return report.schemaVersion() == LeakReport.SCHEMA_VERSION && ReportValidation.problemIn(report) == null
                    && !json.contains(ReportFiles.BASELINE_KIND) ? report : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<JsonPointer> pointers(JsonNode node, JsonPointer at) {
        List<JsonPointer> all = new ArrayList<>();
        all.add(at);
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                all.addAll(pointers(node.get(name), at.appendProperty(name)));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                all.addAll(pointers(node.get(i), at.appendIndex(i)));
            }
        }
        return all;
    }

    private static JsonNode removed(JsonNode original, JsonPointer at) {
        JsonNode copy = original.deepCopy();
        JsonNode parent = copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.remove(at.last().getMatchingProperty());
        } else {
            ((ArrayNode) parent).remove(at.last().getMatchingIndex());
        }
        return copy;
    }

    private static JsonNode replaced(JsonNode original, JsonPointer at, JsonNode value) {
        JsonNode copy = original.deepCopy();
        JsonNode parent = copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), value);
        } else {
            ((ArrayNode) parent).set(at.last().getMatchingIndex(), value);
        }
        return copy;
    }

    /** The tree as JSON; the field at {@code twice} (if any) written a second time, first with {@code firstValue}. */
    private static String write(JsonNode tree, JsonPointer twice, JsonNode firstValue) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = ReportFiles.mapper().getFactory().createGenerator(text)) {
            write(out, tree, JsonPointer.empty(), twice, firstValue);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, JsonNode node, JsonPointer at, JsonPointer twice, JsonNode firstValue)
            throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonPointer child = at.appendProperty(field.getKey());
                if (child.equals(twice)) {
                    out.writeFieldName(field.getKey());
                    out.writeTree(firstValue);
                }
                out.writeFieldName(field.getKey());
                write(out, field.getValue(), child, twice, firstValue);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (int i = 0; i < node.size(); i++) {
                write(out, node.get(i), at.appendIndex(i), twice, firstValue);
            }
            out.writeEndArray();
        } else {
            out.writeTree(node);
        }
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("report.json"), json);
    }
}
