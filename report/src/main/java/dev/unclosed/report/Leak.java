package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One finding: every instance of {@code type} that leaked the same way ({@code kind}) from the same
 * allocation {@code site}. {@code stack} is one of its objects' own allocation stacks (the most common complete one),
 * {@code paths} every distinct one with its count; {@code thread} is that of the first instance seen.
 *
 * @param id       fingerprint of type, kind and site; the same leak has the same id in every run
 * @param type     the leaked object's class, as {@code Class.getName()}; the outermost unclosed owner
 * @param kind     {@link #KIND_GC} (collected without close), {@link #KIND_EXIT} (still open at exit) or
 *                 {@link #KIND_OPEN} (open when a report was written while the program ran)
 * @param count    how many instances
 * @param site     the frame that called {@code new} or the JDK factory; null when stacks are off
 * @param stack    frames, innermost first; empty when stacks are off
 * @param owns     the types this object held, outermost first, down to the innermost resource
 * @param thread   the name of the thread that allocated the first instance
 * @param firstSeen when the first instance was allocated, ISO-8601
 * @param paths    the distinct allocation stacks of its objects, most objects first; empty when stacks are off
 * @param owned    what {@code owns} names, one entry each in the same order, with where each was opened (as held by
 *                 the object whose stack is {@code stack}); empty in reports of older versions
 * @param tests    the tests that created its objects, most objects first; empty when no test was running (or the JVM
 *                 ran no tests under the JUnit module)
 * @param api      the public JDK method the application called and the public type of what it returned, when
 *                 {@code type} is an internal class of the JDK; null otherwise
 */
@JsonPropertyOrder({"id", "type", "kind", "count", "site", "stack", "owns", "thread", "firstSeen", "paths", "owned",
        "tests", "api"})
public record Leak(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "kind", required = true) String kind,
        @JsonProperty(value = "count", required = true) long count,
        @JsonProperty(value = "site", required = true) Frame site,
        @JsonProperty(value = "stack", required = true) List<Frame> stack,
        @JsonProperty("owns") List<String> owns,
        @JsonProperty(value = "thread", required = true) String thread,
        @JsonProperty(value = "firstSeen", required = true) String firstSeen,
        @JsonProperty("paths") List<LeakPath> paths,
        @JsonProperty("owned") List<OwnedObject> owned,
        @JsonProperty("tests") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LeakTest> tests,
        @JsonProperty("api") @JsonInclude(JsonInclude.Include.NON_NULL) LeakApi api) {

    public static final String KIND_GC = "gc";
    public static final String KIND_EXIT = "exit";
    /** Open when a report was written on demand or by a periodic flush, the program still running: not judged yet. */
    public static final String KIND_OPEN = "open";

    public Leak {
        stack = stack == null ? List.of() : List.copyOf(stack);
        owns = owns == null ? List.of() : List.copyOf(owns);
        paths = paths == null ? List.of() : List.copyOf(paths);
        owned = owned == null ? List.of() : List.copyOf(owned);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** A finding without its public API. */
    public Leak(String id, String type, String kind, long count, Frame site, List<Frame> stack, List<String> owns,
                String thread, String firstSeen, List<LeakPath> paths, List<OwnedObject> owned, List<LeakTest> tests) {
        this(id, type, kind, count, site, stack, owns, thread, firstSeen, paths, owned, tests, null);
    }

    /** A finding without tests. */
    public Leak(String id, String type, String kind, long count, Frame site, List<Frame> stack, List<String> owns,
                String thread, String firstSeen, List<LeakPath> paths, List<OwnedObject> owned) {
        this(id, type, kind, count, site, stack, owns, thread, firstSeen, paths, owned, List.of());
    }

    /** A finding without its paths (a report written before they existed, or a test's). */
    public Leak(String id, String type, String kind, long count, Frame site, List<Frame> stack, List<String> owns,
                String thread, String firstSeen) {
        this(id, type, kind, count, site, stack, owns, thread, firstSeen, List.of(), List.of());
    }

    /** The same finding with another count (used when merging). */
    public Leak withCount(long newCount) {
        return new Leak(id, type, kind, newCount, site, stack, owns, thread, firstSeen, paths, owned, tests, api);
    }

    /** The same finding with other tests. */
    public Leak withTests(List<LeakTest> newTests) {
        return new Leak(id, type, kind, count, site, stack, owns, thread, firstSeen, paths, owned, newTests, api);
    }

    /**
     * The same finding with other paths, its stack (and what it held) taken from the first complete one: one of its
     * own objects' stacks, the way most of them came.
     */
    public Leak withPaths(List<LeakPath> newPaths) {
        List<Frame> representative = stack;
        List<OwnedObject> representativeOwned = owned;
        for (LeakPath path : newPaths) {
            if (path.complete()) {
                representative = path.stack();
                representativeOwned = path.owned().isEmpty() ? owned : path.owned();
                break;
            }
        }
        return new Leak(id, type, kind, count, site, representative, owns, thread, firstSeen, newPaths, representativeOwned,
                tests, api);
    }

    /** The same finding with its public API. */
    public Leak withApi(LeakApi newApi) {
        return new Leak(id, type, kind, count, site, stack, owns, thread, firstSeen, paths, owned, tests, newApi);
    }

    /** {@code File.java:42}, or the class name where the file is unknown, or {@code unknown site}. */
    public String location() {
        return site == null ? "unknown site" : site.location();
    }
}
