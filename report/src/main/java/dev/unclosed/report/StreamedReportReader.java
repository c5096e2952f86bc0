package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonToken;
import dev.unclosed.report.JsonTokenizer.NotSure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sound report token by token ({@link JsonTokenizer}) straight into the model, as data binding would read
 * it, but several times faster: no binding machinery, the file streamed rather than loaded whole, and equal strings,
 * frames and stacks read as one instance (reports of one run repeat them thousands of times, and a merge keeps them).
 *
 * <p>It is sure or it gives up: on anything data binding might read differently or reject (a missing field, a null
 * where a number goes, a number out of range or given as text, a field twice, a baseline, text outside plain JSON)
 * it returns null, and the caller reads the file the slow way, which says exactly what is wrong. One per thread: its
 * pools are not shared.
 */
final class StreamedReportReader {

    private static final NotSure NOT_SURE = NotSure.INSTANCE;

    /** Every field name the reader knows, so that the names read are these very instances: switched on at once. */
    private static final String[] NAMES = {"schemaVersion", "tool", "jvm", "startedAt", "finishedAt", "options",
        "summary", "leaks", "kind", "name", "version", "vendor", "pid", "tracked", "closed", "leaked", "openAtExit",
        "agentErrors", "sampleRate", "untracked", "agentErrorKinds", "count", "firstMessage", "id", "type", "site",
        "stack", "thread", "firstSeen", "owns", "paths", "owned", "tests", "api", "className", "methodName",
        "fileName", "lineNumber", "complete", "displayName", "call"};

    /**
     * Softly held, as Jackson holds its buffers: a thread that lives on after reading (the Maven plugin's, in a build
     * daemon) does not keep the pools' few MB once memory runs short.
     */
    private static final ThreadLocal<SoftReference<StreamedReportReader>> PER_THREAD = new ThreadLocal<>();

    private final JsonTokenizer tokens = new JsonTokenizer(new StringPool(), new StringPool(NAMES));
    private final FramePool frames = new FramePool();
    private final List<Frame> stackBuffer = new ArrayList<>();

    /** The report in {@code file}, or null when it is not plainly a sound report (or cannot be read). */
    static LeakReport readSound(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readSound(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** The report read from {@code in}, or null when it is not plainly a sound report (or cannot be read). */
    static LeakReport readSound(InputStream in) {
        SoftReference<StreamedReportReader> held = PER_THREAD.get();
        StreamedReportReader reader = held == null ? null : held.get();
        if (reader == null) {
            reader = new StreamedReportReader();
            PER_THREAD.set(new SoftReference<>(reader));
        }
        return reader.read(in);
    }

    private LeakReport read(InputStream in) {
        try {
            tokens.reset(in);
            LeakReport report = report(tokens);
            return tokens.nextToken() == null && ReportValidation.problemIn(report) == null ? report : null;
        } catch (NotSure | IOException | RuntimeException e) {
            return null;
        } finally {
            tokens.reset(null);
        }
    }

    private LeakReport report(JsonTokenizer p) throws IOException, NotSure {
        startObject(p.nextToken());
        int schemaVersion = 0;
        LeakReport.Tool tool = null;
        LeakReport.Jvm jvm = null;
        String startedAt = null;
        String finishedAt = null;
        Map<String, String> options = null;
        LeakReport.Summary summary = null;
        List<Leak> leaks = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "schemaVersion" -> {
                    seen = once(seen, 1);
                    schemaVersion = intValue(p, t);
                    if (schemaVersion != LeakReport.SCHEMA_VERSION) {
                        throw NOT_SURE;
                    }
                }
                case "tool" -> {
                    seen = once(seen, 2);
                    tool = t == JsonToken.VALUE_NULL ? null : tool(p, t);
                }
                case "jvm" -> {
                    seen = once(seen, 4);
                    jvm = t == JsonToken.VALUE_NULL ? null : jvm(p, t);
                }
                case "startedAt" -> {
                    seen = once(seen, 8);
                    startedAt = string(p, t);
                }
                case "finishedAt" -> {
                    seen = once(seen, 16);
                    finishedAt = string(p, t);
                }
                case "options" -> {
                    seen = once(seen, 32);
                    options = t == JsonToken.VALUE_NULL ? null : options(p, t);
                }
                case "summary" -> {
                    seen = once(seen, 64);
                    summary = t == JsonToken.VALUE_NULL ? null : summary(p, t);
                }
                case "leaks" -> {
                    seen = once(seen, 128);
                    leaks = t == JsonToken.VALUE_NULL ? null : leaks(p, t);
                }
                case "kind" -> {
                    // A baseline: the slow way says so.
                    if (t == JsonToken.VALUE_STRING && ReportFiles.BASELINE_KIND.equals(p.text())) {
                        throw NOT_SURE;
                    }
                    p.skipChildren();
                }
                default -> p.skipChildren(); // a newer agent's field, as data binding ignores it
            }
        }
        end(p, seen, 255);
        return new LeakReport(schemaVersion, tool, jvm, startedAt, finishedAt, options, summary, leaks);
    }

    private LeakReport.Tool tool(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        String name = null;
        String version = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> {
                    seen = once(seen, 1);
                    name = string(p, t);
                }
                case "version" -> {
                    seen = once(seen, 2);
                    version = string(p, t);
                }
                default -> p.skipChildren();
            }
        }
        end(p, seen, 3);
        return new LeakReport.Tool(name, version);
    }

    private LeakReport.Jvm jvm(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        String version = null;
        String vendor = null;
        long pid = 0;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "version" -> {
                    seen = once(seen, 1);
                    version = string(p, t);
                }
                case "vendor" -> {
                    seen = once(seen, 2);
                    vendor = string(p, t);
                }
                case "pid" -> {
                    seen = once(seen, 4);
                    pid = longValue(p, t);
                }
                default -> p.skipChildren();
            }
        }
        end(p, seen, 7);
        return new LeakReport.Jvm(version, vendor, pid);
    }

    private Map<String, String> options(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        Map<String, String> options = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) {
                throw NOT_SURE;
            }
            options.put(key, p.text());
        }
        end(p, 0, 0);
        return options;
    }

    private LeakReport.Summary summary(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        long tracked = 0;
        long closed = 0;
        long leaked = 0;
        long openAtExit = 0;
        long agentErrors = 0;
        int sampleRate = 0;
        Long untracked = null;
        List<LeakReport.AgentErrorKind> kinds = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "tracked" -> {
                    seen = once(seen, 1);
                    tracked = longValue(p, t);
                }
                case "closed" -> {
                    seen = once(seen, 2);
                    closed = longValue(p, t);
                }
                case "leaked" -> {
                    seen = once(seen, 4);
                    leaked = longValue(p, t);
                }
                case "openAtExit" -> {
                    seen = once(seen, 8);
                    openAtExit = longValue(p, t);
                }
                case "agentErrors" -> {
                    seen = once(seen, 16);
                    agentErrors = longValue(p, t);
                }
                case "sampleRate" -> {
                    seen = once(seen, 32);
                    sampleRate = intValue(p, t);
                }
                case "untracked" -> {
                    seen = once(seen, 64);
                    untracked = t == JsonToken.VALUE_NULL ? null : longValue(p, t);
                }
                case "agentErrorKinds" -> {
                    seen = once(seen, 128);
                    kinds = t == JsonToken.VALUE_NULL ? null : errorKinds(p, t);
                }
                default -> p.skipChildren();
            }
        }
        // A primitive left out (agentErrors, sampleRate) is read the slow way: every agent writes both.
        end(p, seen, 63);
        return new LeakReport.Summary(tracked, closed, leaked, openAtExit, agentErrors, sampleRate, untracked, kinds);
    }

    private List<LeakReport.AgentErrorKind> errorKinds(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<LeakReport.AgentErrorKind> kinds = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            startObject(t);
            String kind = null;
            long count = 0;
            String firstMessage = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "kind" -> {
                        seen = once(seen, 1);
                        kind = string(p, v);
                    }
                    case "count" -> {
                        seen = once(seen, 2);
                        count = longValue(p, v);
                    }
                    case "firstMessage" -> {
                        seen = once(seen, 4);
                        firstMessage = string(p, v);
                    }
                    default -> p.skipChildren();
                }
            }
            end(p, seen, 3);
            kinds.add(new LeakReport.AgentErrorKind(kind, count, firstMessage));
        }
        return kinds;
    }

    private List<Leak> leaks(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<Leak> leaks = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            leaks.add(leak(p, t));
        }
        return leaks;
    }

    private Leak leak(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        String id = null;
        String type = null;
        String kind = null;
        long count = 0;
        Frame site = null;
        List<Frame> stack = null;
        List<String> owns = null;
        String thread = null;
        String firstSeen = null;
        List<LeakPath> paths = null;
        List<OwnedObject> owned = null;
        List<LeakTest> tests = null;
        LeakApi api = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(p, t);
                }
                case "type" -> {
                    seen = once(seen, 2);
                    type = string(p, t);
                }
                case "kind" -> {
                    seen = once(seen, 4);
                    kind = string(p, t);
                }
                case "count" -> {
                    seen = once(seen, 8);
                    count = longValue(p, t);
                }
                case "site" -> {
                    seen = once(seen, 16);
                    site = t == JsonToken.VALUE_NULL ? null : frame(p, t);
                }
                case "stack" -> {
                    seen = once(seen, 32);
                    stack = t == JsonToken.VALUE_NULL ? null : stack(p, t);
                }
                case "thread" -> {
                    seen = once(seen, 64);
                    thread = string(p, t);
                }
                case "firstSeen" -> {
                    seen = once(seen, 128);
                    firstSeen = string(p, t);
                }
                case "owns" -> {
                    seen = once(seen, 256);
                    owns = t == JsonToken.VALUE_NULL ? null : strings(p, t);
                }
                case "paths" -> {
                    seen = once(seen, 512);
                    paths = t == JsonToken.VALUE_NULL ? null : paths(p, t);
                }
                case "owned" -> {
                    seen = once(seen, 1024);
                    owned = t == JsonToken.VALUE_NULL ? null : owned(p, t);
                }
                case "tests" -> {
                    seen = once(seen, 2048);
                    tests = t == JsonToken.VALUE_NULL ? null : tests(p, t);
                }
                case "api" -> {
                    seen = once(seen, 4096);
                    api = t == JsonToken.VALUE_NULL ? null : api(p, t);
                }
                default -> p.skipChildren();
            }
        }
        end(p, seen, 255);
        return new Leak(id, type, kind, count, site, stack, owns, thread, firstSeen, paths, owned, tests, api);
    }

    /** A frame, found by its text when the same text was read before: most of a report is frames it repeats. */
    private Frame frame(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        if (!p.flatObject()) {
            return frameFields(p);
        }
        byte[] text = p.buffer();
        int from = p.spanStart();
        int to = p.spanEnd();
        int hash = p.spanHash();
        Frame known = frames.read(text, from, to, hash);
        if (known != null) {
            p.skipSpan();
            return known;
        }
        Frame read = frameFields(p);
        if (p.atSpanEnd()) {
            frames.readFrom(text, from, to, hash, read);
        }
        return read;
    }

    private Frame frameFields(JsonTokenizer p) throws IOException, NotSure {
        String className = null;
        String methodName = null;
        String fileName = null;
        int lineNumber = 0;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "className" -> {
                    seen = once(seen, 1);
                    className = string(p, t);
                }
                case "methodName" -> {
                    seen = once(seen, 2);
                    methodName = string(p, t);
                }
                case "fileName" -> {
                    seen = once(seen, 4);
                    fileName = string(p, t);
                }
                case "lineNumber" -> {
                    seen = once(seen, 8);
                    lineNumber = intValue(p, t);
                }
                default -> p.skipChildren();
            }
        }
        // lineNumber left out is read the slow way: every agent writes it.
        end(p, seen, 11);
        return frames.frame(className, methodName, fileName, lineNumber);
    }

    /** The stack, the same instance as an equal one read before (a finding's stack is usually its first path's). */
    private List<Frame> stack(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<Frame> buffer = stackBuffer;
        buffer.clear();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            buffer.add(frame(p, t));
        }
        return frames.stack(buffer);
    }

    private List<String> strings(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<String> strings = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (t != JsonToken.VALUE_STRING) {
                throw NOT_SURE;
            }
            strings.add(string(p, t));
        }
        return strings;
    }

    private List<LeakPath> paths(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<LeakPath> paths = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            startObject(t);
            long count = 0;
            boolean complete = false;
            List<Frame> stack = null;
            List<OwnedObject> owned = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "count" -> {
                        seen = once(seen, 1);
                        count = longValue(p, v);
                    }
                    case "complete" -> {
                        seen = once(seen, 2);
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                            throw NOT_SURE;
                        }
                        complete = v == JsonToken.VALUE_TRUE;
                    }
                    case "stack" -> {
                        seen = once(seen, 4);
                        stack = v == JsonToken.VALUE_NULL ? null : stack(p, v);
                    }
                    case "owned" -> {
                        seen = once(seen, 8);
                        owned = v == JsonToken.VALUE_NULL ? null : owned(p, v);
                    }
                    default -> p.skipChildren();
                }
            }
            // complete left out is read the slow way: every agent writes it.
            end(p, seen, 7);
            paths.add(new LeakPath(count, complete, stack, owned));
        }
        return paths;
    }

    private List<OwnedObject> owned(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<OwnedObject> owned = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            startObject(t);
            String type = null;
            Frame site = null;
            List<Frame> stack = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "type" -> {
                        seen = once(seen, 1);
                        type = string(p, v);
                    }
                    case "site" -> {
                        seen = once(seen, 2);
                        site = v == JsonToken.VALUE_NULL ? null : frame(p, v);
                    }
                    case "stack" -> {
                        seen = once(seen, 4);
                        stack = v == JsonToken.VALUE_NULL ? null : stack(p, v);
                    }
                    default -> p.skipChildren();
                }
            }
            end(p, seen, 1);
            owned.add(new OwnedObject(type, site, stack));
        }
        return owned;
    }

    private List<LeakTest> tests(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startArray(start);
        List<LeakTest> tests = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            startObject(t);
            String id = null;
            String displayName = null;
            String className = null;
            String methodName = null;
            long count = 0;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id" -> {
                        seen = once(seen, 1);
                        id = string(p, v);
                    }
                    case "displayName" -> {
                        seen = once(seen, 2);
                        displayName = string(p, v);
                    }
                    case "className" -> {
                        seen = once(seen, 4);
                        className = string(p, v);
                    }
                    case "methodName" -> {
                        seen = once(seen, 8);
                        methodName = string(p, v);
                    }
                    case "count" -> {
                        seen = once(seen, 16);
                        count = longValue(p, v);
                    }
                    default -> p.skipChildren();
                }
            }
            end(p, seen, 17);
            tests.add(new LeakTest(id, displayName, className, methodName, count));
        }
        return tests;
    }

    private LeakApi api(JsonTokenizer p, JsonToken start) throws IOException, NotSure {
        startObject(start);
        String call = null;
        String type = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "call" -> {
                    seen = once(seen, 1);
                    call = string(p, t);
                }
                case "type" -> {
                    seen = once(seen, 2);
                    type = string(p, t);
                }
                default -> p.skipChildren();
            }
        }
        end(p, seen, 1);
        return new LeakApi(call, type);
    }

    /** A string, or null; anything else (a number, which data binding would refuse to coerce) is not sure. */
    private String string(JsonTokenizer p, JsonToken t) throws IOException, NotSure {
        if (t == JsonToken.VALUE_STRING) {
            return p.text();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NOT_SURE;
    }

    private static int intValue(JsonTokenizer p, JsonToken t) throws NotSure {
        if (t != JsonToken.VALUE_NUMBER_INT || !p.fitsInt()) {
            throw NOT_SURE;
        }
        return (int) p.longValue();
    }

    private static long longValue(JsonTokenizer p, JsonToken t) throws NotSure {
        if (t != JsonToken.VALUE_NUMBER_INT || !p.fitsLong()) {
            throw NOT_SURE;
        }
        return p.longValue();
    }

    private static void startObject(JsonToken t) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NOT_SURE;
        }
    }

    private static void startArray(JsonToken t) throws NotSure {
        if (t != JsonToken.START_ARRAY) {
            throw NOT_SURE;
        }
    }

    /** The field's bit added; a field given twice is not sure. */
    private static int once(int seen, int bit) throws NotSure {
        if ((seen & bit) != 0) {
            throw NOT_SURE;
        }
        return seen | bit;
    }

    /** The object ended, and every field in {@code required} was there. */
    private static void end(JsonTokenizer p, int seen, int required) throws NotSure {
        if (p.currentToken() != JsonToken.END_OBJECT || (seen & required) != required) {
            throw NOT_SURE;
        }
    }
}
