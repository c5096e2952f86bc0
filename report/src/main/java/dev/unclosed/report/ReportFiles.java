package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes report files. Reading validates; writing is atomic, so a reader never sees half a report. */
public final class ReportFiles {

    /**
     * Built when first asked for: a sound report is read without it, and building it loads some 300 of Jackson's
     * classes, most of the start of a {@code check} of a few reports.
     */
    private static final class Mapper {
        // Unknown fields are tolerated (newer agents may add some); wrong types are not: Jackson would otherwise
        // read "count": "3" as 3 and "type": 42 as "42", and a corrupt report would pass for a sound one.
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    /** The {@code kind} of a baseline file, which looks like a report (schemaVersion, leaks) but is not one. */
    public static final String BASELINE_KIND = "unclosed-baseline";

    private ReportFiles() {
    }

    /** The mapper configured for the report format, for callers that write other JSON alongside (SARIF). */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /**
     * Reads and validates one report; every problem becomes one line naming the file. A sound report is streamed
     * straight into the model ({@link StreamedReportReader}); anything else is read again, as a tree first, to say
     * exactly what is wrong.
     */
    public static LeakReport read(Path file) throws InvalidReportException {
        LeakReport sound = StreamedReportReader.readSound(file);
        if (sound != null) {
            return sound;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidReportException(file, "no such file");
        } catch (IOException e) {
            throw new InvalidReportException(file, "cannot read: " + IoProblems.describe(e));
        }
        if (isBlank(bytes)) {
            throw new InvalidReportException(file, "empty file, not a report");
        }
        JsonNode tree;
        try {
            tree = mapper().readTree(bytes);
        } catch (JsonEOFException e) {
            // The usual result of a JVM killed while writing, or a copy cut short.
            throw new InvalidReportException(file, "truncated: the JSON ends early (" + lineAndColumn(e) + e.getOriginalMessage() + ")");
        } catch (JsonParseException e) {
            throw new InvalidReportException(file, "not valid JSON (" + lineAndColumn(e) + e.getOriginalMessage() + ")");
        } catch (StreamReadException e) {
            throw new InvalidReportException(file, "truncated or not valid JSON (" + lineAndColumn(e) + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidReportException(file, "cannot read: " + IoProblems.describe(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidReportException(file, "not a report: the top level is not a JSON object");
        }
        if (BASELINE_KIND.equals(tree.path("kind").asText(null))) {
            // A baseline left in the reports folder, or passed where a report goes.
            throw new InvalidReportException(file, "this is a baseline; pass it with --baseline");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null) {
            throw new InvalidReportException(file, "not a report: no schemaVersion field");
        }
        if (!version.isInt() || version.intValue() != LeakReport.SCHEMA_VERSION) {
            throw new InvalidReportException(file, "unknown schemaVersion " + version
                    + " (this version of unclosed reads schemaVersion " + LeakReport.SCHEMA_VERSION + ")");
        }
        LeakReport report;
        try {
            report = mapper().treeToValue(tree, LeakReport.class);
        } catch (MismatchedInputException e) {
            throw new InvalidReportException(file, "malformed report: " + mismatch(tree, e));
        } catch (JsonProcessingException e) {
            throw new InvalidReportException(file, "malformed report: " + e.getOriginalMessage());
        }
        String problem = ReportValidation.problemIn(report);
        if (problem != null) {
            throw new InvalidReportException(file, "malformed report: " + problem);
        }
        return report;
    }

    /** Whether the file holds only JSON whitespace; without decoding a copy of it (reports can be large). */
    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && (b < 0x09 || b > 0x0D) && (b < 0x1C || b > 0x1F)) { // what Character.isWhitespace says of ASCII
                return false;
            }
        }
        return true;
    }

    /** Writes to a temporary file beside {@code file}, then renames it into place. */
    public static void write(LeakReport report, Path file) throws IOException {
        ReportWriter.write(report, file);
    }

    /** The report as indented JSON text. */
    public static String toJson(LeakReport report) {
        return ReportWriter.toJson(report);
    }

    private static String lineAndColumn(StreamReadException e) {
        return e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
    }

    /** "$.leaks[0].count should be an integer, not the string "3"": where, what was expected, what was found. */
    private static String mismatch(JsonNode tree, MismatchedInputException e) {
        JsonNode found = tree;
        StringBuilder where = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                where.append('.').append(ref.getFieldName());
                found = found == null ? null : found.get(ref.getFieldName());
            } else {
                where.append('[').append(ref.getIndex()).append(']');
                found = found == null ? null : found.get(ref.getIndex());
            }
        }
        String expected = expected(e.getTargetType());
        if (expected == null || found == null) {
            return where + ": " + e.getOriginalMessage();
        }
        return where + " should be " + expected + ", not " + describe(found);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        switch (node.getNodeType()) {
            case STRING: return "the string " + text;
            case NUMBER: return "the number " + text;
            case BOOLEAN: return text;
            case NULL: return "null";
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            default: return text;
        }
    }
}
