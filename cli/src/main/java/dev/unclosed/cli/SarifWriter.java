package dev.unclosed.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unclosed.cli.LeakCheck.Finding;
import dev.unclosed.cli.LeakCheck.Result;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.OwnedObject;
import dev.unclosed.report.ReportFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers): one result per finding.
 *
 * <p>A Java frame names a class and a file name, not a path, so the location is a best guess: the package
 * as directories plus the file name ({@code com/acme/Foo.java}), relative to {@code %SRCROOT%}, the source
 * root ({@code src/main/java}, {@code src/test/java}, ...); a JDK frame gets no such guess. The application's frames
 * of the stack become a code flow in execution order, outermost caller first, ending at the site; every frame also has
 * a logical location
 * ({@code com.acme.Foo.open}) that does not depend on that guess.
 */
final class SarifWriter {

    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String RULE_GC = "unclosed/leak-gc";
    static final String RULE_EXIT = "unclosed/open-at-exit";
    /** A kind this version does not know, from a newer agent: shown, with the kind in its properties. */
    static final String RULE_OTHER = "unclosed/other";
    static final String SRCROOT = "%SRCROOT%";
    /** Versioned so that a change of fingerprint scheme in the agent can be told apart. */
    static final String FINGERPRINT = "unclosedLeakId/v1";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SarifWriter() {
    }

    static void write(Result result, Path file) throws IOException {
        ObjectNode log = toSarif(result);
        AtomicFiles.write(file, out -> ReportFiles.mapper().writeValue(out, log));
    }

    static ObjectNode toSarif(Result result) {
        ObjectNode log = JSON.objectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "unclosed");
        driver.put("version", Version.current());
        driver.put("semanticVersion", Version.current());
        ArrayNode rules = driver.putArray("rules");
        rules.add(rule(RULE_GC, "ResourceCollectedWithoutClose", "Resource collected without close()",
                "An object holding a resource (a file, a socket, a connection...) became unreachable and was garbage-collected "
                        + "without close() being called: the resource stayed held until the collector ran, or for good.",
                "error"));
        rules.add(rule(RULE_EXIT, "ResourceOpenAtExit", "Resource still open at JVM exit",
                "An object holding a resource was still open, and never closed, when the JVM exited.",
                "warning"));
        rules.add(rule(RULE_OTHER, "ResourceFindingOfOtherKind", "Resource finding of another kind",
                "A finding of a kind this version of unclosed does not know (written by a newer agent); its kind is in "
                        + "the result's properties.",
                "note"));
        run.putObject("originalUriBaseIds").putObject(SRCROOT).putObject("description")
                .put("text", "The source root that holds the package directories, such as src/main/java or src/test/java.");
        ArrayNode results = run.putArray("results");
        for (Finding finding : result.findings()) {
            results.add(result(finding, result.options().baseline() != null));
        }
        return log;
    }

    static String ruleId(Leak leak) {
        if (Leak.KIND_GC.equals(leak.kind())) {
            return RULE_GC;
        }
        return isOpen(leak) ? RULE_EXIT : RULE_OTHER;
    }

    private static boolean isOpen(Leak leak) {
        return Leak.KIND_EXIT.equals(leak.kind()) || Leak.KIND_OPEN.equals(leak.kind());
    }

    private static ObjectNode rule(String id, String name, String shortText, String fullText, String level) {
        ObjectNode rule = JSON.objectNode();
        rule.put("id", id);
        rule.put("name", name);
        rule.putObject("shortDescription").put("text", shortText);
        rule.putObject("fullDescription").put("text", fullText);
        rule.putObject("help").put("text", "Close the object where it is allocated, with try-with-resources, "
                + "or make its owner close it; the code flow shows who allocated it.");
        rule.putObject("defaultConfiguration").put("level", level);
        return rule;
    }

    private static ObjectNode result(Finding finding, boolean withBaseline) {
        Leak leak = finding.leak();
        // open (not closed yet when a running program's report was written) is filed as still open, as at exit.
        int ruleIndex = Leak.KIND_GC.equals(leak.kind()) ? 0 : isOpen(leak) ? 1 : 2;
        ObjectNode result = JSON.objectNode();
        result.put("ruleId", ruleId(leak));
        result.put("ruleIndex", ruleIndex);
        result.put("level", switch (finding.status()) {
            case FAIL -> "error";
            case TOLERATED, BASELINED -> "warning";
            case NOT_CHECKED -> "note";
        });
        result.putObject("message").put("text", LeakText.sentence(leak) + ".");
        if (leak.site() != null) {
            result.putArray("locations").add(location(leak.site()));
        }
        ArrayNode related = null;
        for (OwnedObject owned : leak.owned()) {
            if (owned.site() == null || owned.site().equals(leak.site())) {
                continue;
            }
            if (related == null) {
                related = result.putArray("relatedLocations");
            }
            ObjectNode location = location(owned.site());
            location.put("id", related.size() + 1);
            location.putObject("message").put("text", owned.type() + " opened here, held by the leaked " + leak.type());
            related.add(location);
        }
        if (!leak.stack().isEmpty()) {
            ObjectNode codeFlow = result.putArray("codeFlows").addObject();
            codeFlow.putObject("message")
                    .put("text", "Allocation of the first instance" + (leak.thread() == null ? "" : ", on thread " + leak.thread()));
            ObjectNode threadFlow = codeFlow.putArray("threadFlows").addObject();
            if (leak.thread() != null) {
                threadFlow.put("id", leak.thread());
            }
            ArrayNode locations = threadFlow.putArray("locations");
            List<Frame> executionOrder = flow(leak);
            for (int i = 0; i < executionOrder.size(); i++) {
                ObjectNode step = locations.addObject();
                step.set("location", location(executionOrder.get(i)));
                step.put("executionOrder", i + 1);
            }
        }
        result.putObject("partialFingerprints").put(FINGERPRINT, leak.id());
        if (withBaseline) {
            result.put("baselineState", finding.status() == LeakCheck.Status.BASELINED ? "unchanged" : "new");
        }
        ObjectNode properties = result.putObject("properties");
        properties.put("type", leak.type());
        properties.put("kind", leak.kind());
        properties.put("count", leak.count());
        properties.put("status", finding.status().name().toLowerCase(java.util.Locale.ROOT));
        if (leak.api() != null) {
            properties.put("apiCall", leak.api().call());
            if (leak.api().type() != null) {
                properties.put("apiType", leak.api().type());
            }
        }
        ArrayNode owns = properties.putArray("owns");
        leak.owns().forEach(owns::add);
        if (leak.firstSeen() != null) {
            properties.put("firstSeen", leak.firstSeen());
        }
        return result;
    }

    /**
     * The application's frames of the stack in execution order, ending at the site: the JDK's frames inside the
     * site (its constructors) and the JDK's and test runner's frames between and around the callers are no step a
     * reader of the repository can take.
     */
    static List<Frame> flow(Leak leak) {
        List<Frame> stack = leak.stack();
        int site = leak.site() == null ? -1 : stack.indexOf(leak.site());
        List<Frame> flow = new ArrayList<>();
        for (int i = Math.max(site, 0); i < stack.size(); i++) {
            if (i == site || !StackView.folded(stack.get(i))) {
                flow.add(stack.get(i));
            }
        }
        if (flow.isEmpty()) {
            flow.addAll(stack);  // nothing but the JDK's frames: better those than no flow
        }
        Collections.reverse(flow);
        return flow;
    }

    private static ObjectNode location(Frame frame) {
        ObjectNode location = JSON.objectNode();
        // A JDK class is no file of the repository: it keeps its logical location only.
        String uri = StackView.jdk(frame.className()) ? null : sourceUri(frame);
        if (uri != null) {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri).put("uriBaseId", SRCROOT);
            if (frame.lineNumber() > 0) {
                physical.putObject("region").put("startLine", frame.lineNumber());
            }
        }
        location.putArray("logicalLocations").addObject()
                .put("fullyQualifiedName", LeakText.method(frame))
                .put("kind", "function");
        location.putObject("message").put("text", frame.toString());
        return location;
    }

    /** {@code com/acme/Foo.java} for class {@code com.acme.Foo$Inner} in {@code Foo.java}; null without a file name. */
    static String sourceUri(Frame frame) {
        if (frame.fileName() == null || frame.fileName().isBlank()) {
            return null;
        }
        int lastDot = frame.className().lastIndexOf('.');
        String path = (lastDot < 0 ? "" : frame.className().substring(0, lastDot).replace('.', '/') + "/") + frame.fileName();
        try {
            return new URI(null, null, path, null).getRawPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
