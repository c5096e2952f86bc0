package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/** Reads and writes report files. Reading validates; writing is atomic, so a reader never sees half a report. */
public final class ReportFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    /** The mapper configured for the report format, for callers that write other JSON alongside (SARIF). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads and validates one report; every problem becomes one line naming the file. */
    public static LeakReport read(Path file) throws InvalidReportException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidReportException(file, "no such file");
        } catch (IOException e) {
            throw new InvalidReportException(file, "cannot read: " + e.getMessage());
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidReportException(file, "empty file, not a report");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonParseException e) {
            throw new InvalidReportException(file, "not valid JSON (" + lineAndColumn(e) + e.getOriginalMessage() + ")");
        } catch (StreamReadException e) {
            throw new InvalidReportException(file, "truncated or not valid JSON (" + lineAndColumn(e) + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidReportException(file, "cannot read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidReportException(file, "not a report: the top level is not a JSON object");
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
            report = MAPPER.treeToValue(tree, LeakReport.class);
        } catch (MismatchedInputException e) {
            throw new InvalidReportException(file, "malformed report at " + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidReportException(file, "malformed report: " + e.getOriginalMessage());
        }
        String problem = ReportValidation.problemIn(report);
        if (problem != null) {
            throw new InvalidReportException(file, "malformed report: " + problem);
        }
        return report;
    }

    /** Writes to a temporary file beside {@code file}, then renames it into place. */
    public static void write(LeakReport report, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                MAPPER.writeValue(out, report);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The report as indented JSON text. */
    public static String toJson(LeakReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lineAndColumn(StreamReadException e) {
        return e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return p.isEmpty() ? "the top level" : "$" + p;
    }
}
