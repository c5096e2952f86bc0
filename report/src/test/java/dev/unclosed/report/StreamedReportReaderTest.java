package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    void framesWithBracesInTheirNamesReadAsDataBindingReadsThem() throws Exception {
        Frame first = SampleReports.frame("p.Braces", "lambda$}{", "Braces.java", 1);
        Frame second = SampleReports.frame("p.Braces", "lambda$}[", "Braces.java", 1);
        LeakReport one = everyPart();
        Leak leak = one.leaks().get(1);
        List<Leak> leaks = List.of(new Leak(leak.id(), leak.type(), leak.kind(), leak.count(), first,
                List.of(first, second, first, second), List.of(), leak.thread(), leak.firstSeen()));
        LeakReport report = new LeakReport(one.schemaVersion(), one.tool(), one.jvm(), one.startedAt(),
                one.finishedAt(), one.options(), new LeakReport.Summary(1, 0, 1, 0, 0, 1, null, null), leaks);
        String json = ReportFiles.toJson(report);

        assertThat(StreamedReportReader.readSound(write(json))).isEqualTo(report);
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

    /**
     * The report's text with each byte left out, and with each of a set of bytes put in before it (quotes, escapes,
     * separators, digits, a control character, bytes of multi-byte characters): JSON that is malformed, or valid
     * and read otherwise, is read as data binding reads it or left to it.
     */
    @Test
    void whatItAcceptsOfMalformedJsonDataBindingReadsTheSame() {
        byte[] json = ReportFiles.toJson(everyPart()).getBytes(StandardCharsets.UTF_8);
        byte[] inserted = {'"', '\\', ',', ':', '{', '}', '[', ']', '0', '1', '.', 'e', '-', '+', 'u', 'n', ' ', '\t',
            0x01, (byte) 0xC3, (byte) 0xA9, (byte) 0x80, (byte) 0xFF};
        Counts counts = new Counts();
        for (int at = 0; at <= json.length; at++) {
            counts.check(concat(Arrays.copyOfRange(json, 0, at), new byte[0], Arrays.copyOfRange(json, Math.min(at + 1,
                    json.length), json.length)));
            for (byte b : inserted) {
                counts.check(concat(Arrays.copyOfRange(json, 0, at), new byte[] {b},
                        Arrays.copyOfRange(json, at, json.length)));
            }
        }
        assertThat(counts.accepted).isGreaterThan(json.length);
        assertThat(counts.leftToDataBinding).isGreaterThan(10 * json.length);
    }

    /**
     * Numbers and strings as JSON may write them (escapes, exponents, the edges of int and long, surrogates, white
     * space of every kind) in the places a report has them: read as data binding reads them or left to it.
     */
    @Test
    void valuesWrittenEveryWayJsonAllowsReadAsDataBindingReadsThem() {
        String json = ReportFiles.toJson(everyPart());
        List<String> numbers = List.of("0", "-0", "7", "-1", "01", "-01", "1.0", "1e2", "1E+2", "-1e-2", "1.", ".5", "-",
                "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
                "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "12345678901234567890",
                "00", "1 2", "1x", "true", "nul", "NaN");
        List<String> strings = List.of("\"plain\"", "\"\\u00e9t\\u00C9\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
                "\"\\uD83D\\uDE00\"", "\"\\uD83D\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\x\"", "\"\\'\"", "\"é€😀\"",
                "\"a\u0001b\"", "\"a\u007fb\"", "\"\"", "\"\\\"", "'single'", "\"unterminated");
        Counts counts = new Counts();
        for (String field : List.of("\"count\" : ", "\"lineNumber\" : ", "\"pid\" : ", "\"sampleRate\" : ")) {
            for (String number : numbers) {
                counts.check(replaceValueAfter(json, field, number).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String field : List.of("\"methodName\" : ", "\"id\" : ", "\"report\" : ", "\"thread\" : ")) {
            for (String string : strings) {
                counts.check(replaceValueAfter(json, field, string).getBytes(StandardCharsets.UTF_8));
            }
        }
        // In a field the reader does not know, as a newer agent's: skipped, but only if it is JSON.
        for (String value : concat(numbers, strings)) {
            counts.check(json.replace("\"schemaVersion\" : 1,", "\"schemaVersion\" : 1, \"fromTheFuture\" : [ " + value + " ],")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (String space : List.of("\t", "\r\n", "\n\n", "", "\f", "\u000b", "\u00a0")) {
            counts.check(json.replace("\n", space).getBytes(StandardCharsets.UTF_8));
        }
        for (String around : List.of("\uFEFF", " ", "\n\n", "x", "{}", "/* c */")) {
            counts.check((around + json).getBytes(StandardCharsets.UTF_8));
            counts.check((json + around).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(counts.accepted).isGreaterThan(30);
        assertThat(counts.leftToDataBinding).isGreaterThan(100);
    }

    @Test
    void aLongReportSpanningManyBuffersReadsAsDataBindingReadsIt() throws Exception {
        LeakReport one = everyPart();
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            leaks.addAll(one.leaks());
        }
        String longText = "x".repeat(200_000);
        leaks.add(new Leak("00000000000000ff", longText, "gc", 1, null, List.of(), List.of(), longText,
                "2025-03-01T10:00:02Z"));
        LeakReport report = new LeakReport(one.schemaVersion(), one.tool(), one.jvm(), one.startedAt(),
                one.finishedAt(), one.options(), new LeakReport.Summary(1501, 0, 1001, 0, 0, 1, null, null), leaks);
        String json = ReportFiles.toJson(report);

        assertThat(StreamedReportReader.readSound(write(json)))
                .isEqualTo(ReportFiles.mapper().readValue(json, LeakReport.class))
                .isEqualTo(report);
    }

    /** How many variants the streaming reader read (each as data binding does) and how many it left to data binding. */
    private static final class Counts {
        int accepted;
        int leftToDataBinding;

        void check(byte[] json) {
            LeakReport streamed = StreamedReportReader.readSound(new ByteArrayInputStream(json));
            if (streamed == null) {
                leftToDataBinding++;
            } else {
                accepted++;
                assertThat(streamed).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(dataBinding(json));
            }
        }
    }

    private static String replaceValueAfter(String json, String field, String value) {
        int start = json.indexOf(field) + field.length();
        int end = start;
        if (json.charAt(start) == '"') {
            end = json.indexOf('"', start + 1);
            while (json.charAt(end - 1) == '\\') {
                end = json.indexOf('"', end + 1);
            }
            end++;
        } else {
            while (Character.isLetterOrDigit(json.charAt(end)) || json.charAt(end) == '-') {
                end++;
            }
        }
        return json.substring(0, start) + value + json.substring(end);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private static LeakReport dataBinding(byte[] json) {
        return dataBinding(new String(json, StandardCharsets.UTF_8), json);
    }

    /** What the reading before streaming made of it, or null where it found the report faulty. */
    private static LeakReport dataBinding(String json) {
        return dataBinding(json, json.getBytes(StandardCharsets.UTF_8));
    }

    private static LeakReport dataBinding(String json, byte[] bytes) {
        try {
            LeakReport report = ReportFiles.mapper().readValue(bytes, LeakReport.class);
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
