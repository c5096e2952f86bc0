package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JVM's leak report, as written at its shutdown; also the shape of a merged report.
 * The field names are the stable format documented in docs/report-format.md and report.schema.json.
 */
@JsonPropertyOrder({"schemaVersion", "tool", "jvm", "startedAt", "finishedAt", "options", "summary", "leaks"})
public record LeakReport(
        @JsonProperty(value = "schemaVersion", required = true) int schemaVersion,
        @JsonProperty(value = "tool", required = true) Tool tool,
        @JsonProperty(value = "jvm", required = true) Jvm jvm,
        @JsonProperty(value = "startedAt", required = true) String startedAt,
        @JsonProperty(value = "finishedAt", required = true) String finishedAt,
        @JsonProperty(value = "options", required = true) Map<String, String> options,
        @JsonProperty(value = "summary", required = true) Summary summary,
        @JsonProperty(value = "leaks", required = true) List<Leak> leaks) {

    /** The only format version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    public LeakReport {
        // Kept in the order given: the agent lists its options as the docs do.
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        leaks = leaks == null ? List.of() : List.copyOf(leaks);
    }

    /** The program that wrote the report. */
    @JsonPropertyOrder({"name", "version"})
    public record Tool(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version) {
    }

    /** The JVM that was watched; for a merged report, the first input's. */
    @JsonPropertyOrder({"version", "vendor", "pid"})
    public record Jvm(
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "vendor", required = true) String vendor,
            @JsonProperty(value = "pid", required = true) long pid) {
    }

    /**
     * Counts over the whole run. {@code tracked}: instances watched; {@code closed}: of those, closed;
     * {@code leaked}: leaks reported with kind {@code gc} (each counted once, however many layers it had);
     * {@code openAtExit}: leaks reported with kind {@code exit}. {@code agentErrors}: failures inside the
     * agent, swallowed so that the application never sees them, and {@code agentErrorKinds} the first of each
     * kind; {@code sampleRate}: 1 tracks every instance, N tracks one in N, so counts are of the sample;
     * {@code untracked}: instances not tracked because {@code maxTracked} objects were open and tracked already.
     */
    @JsonPropertyOrder({"tracked", "closed", "leaked", "openAtExit", "agentErrors", "sampleRate", "untracked",
            "agentErrorKinds"})
    public record Summary(
            @JsonProperty(value = "tracked", required = true) long tracked,
            @JsonProperty(value = "closed", required = true) long closed,
            @JsonProperty(value = "leaked", required = true) long leaked,
            @JsonProperty(value = "openAtExit", required = true) long openAtExit,
            @JsonProperty("agentErrors") long agentErrors,
            @JsonProperty("sampleRate") int sampleRate,
            @JsonProperty("untracked") @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long untracked,
            @JsonProperty("agentErrorKinds") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AgentErrorKind> agentErrorKinds) {

        public Summary {
            if (sampleRate < 1) {
                sampleRate = 1;
            }
            untracked = untracked == null ? 0L : untracked; // absent from most reports: nothing was left untracked
            agentErrorKinds = agentErrorKinds == null ? List.of() : List.copyOf(agentErrorKinds);
        }

        /** A summary without capped instances or error details, as most reports have. */
        public Summary(long tracked, long closed, long leaked, long openAtExit, long agentErrors, int sampleRate) {
            this(tracked, closed, leaked, openAtExit, agentErrors, sampleRate, 0L, List.of());
        }
    }

    /** One kind of failure inside the agent (tracker, reaper, transform, ...): how often, and the first message. */
    @JsonPropertyOrder({"kind", "count", "firstMessage"})
    public record AgentErrorKind(
            @JsonProperty(value = "kind", required = true) String kind,
            @JsonProperty(value = "count", required = true) long count,
            @JsonProperty("firstMessage") String firstMessage) {
    }
}
