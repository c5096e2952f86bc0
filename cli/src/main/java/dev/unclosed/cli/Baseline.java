package dev.unclosed.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.InvalidReportException;
import dev.unclosed.report.IoProblems;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Known findings that do not fail the check: a small file, sorted by id, meant to be committed and reviewed
 * in pull requests. Only {@code id} matters for matching; the other fields are there for the reviewer.
 * A full report is accepted as a baseline too (its leak ids), so a report kept from main can serve directly.
 */
final class Baseline {

    static final String KIND = ReportFiles.BASELINE_KIND;
    static final int SCHEMA_VERSION = 1;

    /** One accepted finding, as a reviewer reads it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "type", "kind", "site", "className", "methodName"})
    record Entry(
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("kind") String kind,
            @JsonProperty("site") String site,
            @JsonProperty("className") String className,
            @JsonProperty("methodName") String methodName) {

        static Entry of(Leak leak) {
            return new Entry(leak.id(), leak.type(), leak.kind(), leak.site() == null ? null : leak.location(),
                    leak.site() == null ? null : leak.site().className(),
                    leak.site() == null ? null : leak.site().methodName());
        }

        /** {@code java.net.Socket at Client.java:88 (gc)}, or just the id when the file said nothing else. */
        String describe() {
            if (type == null) {
                return id;
            }
            return type + " at " + (site == null ? "unknown site" : site) + (kind == null ? "" : " (" + kind + ")");
        }
    }

    @JsonPropertyOrder({"schemaVersion", "kind", "leaks"})
    record File(
            @JsonProperty("schemaVersion") int schemaVersion,
            @JsonProperty("kind") String kind,
            @JsonProperty("leaks") List<Entry> leaks) {
    }

    private final Map<String, Entry> byId;

    private Baseline(Collection<Entry> entries) {
        this.byId = new TreeMap<>();
        for (Entry entry : entries) {
            byId.putIfAbsent(entry.id(), entry);
        }
    }

    static Baseline of(LeakReport report) {
        return new Baseline(report.leaks().stream().map(Entry::of).toList());
    }

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Entries sorted by id. */
    List<Entry> entries() {
        return new ArrayList<>(byId.values());
    }

    /** Sorted by id, indented, one trailing newline: the same findings always give the same bytes. */
    void write(Path file) throws IOException {
        File content = new File(SCHEMA_VERSION, KIND, entries());
        AtomicFiles.write(file, out -> {
            out.write(ReportFiles.mapper().writeValueAsBytes(content));
            out.write('\n');
        });
    }

    /** A baseline file or a full report; anything else is one line naming the file. */
    static Baseline read(Path file) throws InputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such baseline file");
        } catch (IOException e) {
            throw new InputException(file, "cannot read baseline: " + IoProblems.describe(e));
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new InputException(file, "empty file, not a baseline");
        }
        JsonNode tree;
        try {
            tree = ReportFiles.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InputException(file, "baseline is not valid JSON (" + firstLine(e) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new InputException(file, "not a baseline: the top level is not a JSON object");
        }
        if (!KIND.equals(tree.path("kind").asText(null))) {
            if (tree.has("leaks") && tree.has("schemaVersion")) {
                try {
                    return of(ReportFiles.read(file));
                } catch (InvalidReportException e) {
                    throw new InputException(e.getMessage());
                }
            }
            throw new InputException(file, "neither a baseline (\"kind\": \"" + KIND + "\") nor a report");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt() || version.intValue() != SCHEMA_VERSION) {
            throw new InputException(file, "unknown baseline schemaVersion " + version
                    + " (this version of unclosed reads schemaVersion " + SCHEMA_VERSION + ")");
        }
        File content;
        try {
            content = ReportFiles.mapper().treeToValue(tree, File.class);
        } catch (JacksonException e) {
            throw new InputException(file, "malformed baseline: " + firstLine(e));
        }
        List<Entry> entries = content.leaks() == null ? List.of() : content.leaks();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null || entries.get(i).id() == null || entries.get(i).id().isBlank()) {
                throw new InputException(file, "malformed baseline: $.leaks[" + i + "].id is missing");
            }
        }
        return new Baseline(entries);
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? "unreadable" : message.lines().findFirst().orElse("");
    }
}
