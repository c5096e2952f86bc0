package dev.unclosed.cli;

import dev.unclosed.cli.LeakCheck.Finding;
import dev.unclosed.cli.LeakCheck.Result;
import dev.unclosed.cli.LeakCheck.Status;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakTest;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JUnit XML, the Surefire dialect that Jenkins, GitLab and most CI servers read: one {@code <testsuite name="unclosed">}.
 *
 * <p>A failing finding whose objects tests created fails those tests: one case per test, named by its class and
 * method. Every other finding is a test case named {@code TYPE at File.java:42 (KIND)}, with the site's class as classname.
 * A finding that fails the check is a {@code <failure>} carrying its stack. A finding the check lets pass is
 * {@code <skipped>} with the reason (baselined, tolerated by --max, kind not in --fail-on), so it stays visible
 * without turning the build red. With no finding at all, one passing test case {@code no leaks} says so, because
 * some CI servers treat a suite without test cases as a missing report.
 */
final class JUnitXmlWriter {

    static final String SUITE = "unclosed";

    private JUnitXmlWriter() {
    }

    static void write(Result result, Path file) throws IOException {
        AtomicFiles.write(file, out -> writeTo(result, out));
    }

    /** One test case: a finding's synthetic one, or a leaking test's own with the findings it failed on. */
    private record Case(String className, String name, Status status, List<Leak> leaks) {
    }

    static void writeTo(Result result, OutputStream out) throws IOException {
        List<Case> cases = cases(result);
        long failures = cases.stream().filter(c -> c.status() == Status.FAIL).count();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", SUITE);
            xml.writeAttribute("tests", String.valueOf(Math.max(1, cases.size())));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(cases.size() - failures));
            xml.writeAttribute("time", "0");
            xml.writeCharacters("\n");
            if (cases.isEmpty()) {
                testCase(xml, SUITE, "no leaks");
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            for (Case c : cases) {
                testCase(xml, c.className(), c.name());
                Leak leak = c.leaks().get(0);
                switch (c.status()) {
                    case FAIL -> {
                        xml.writeCharacters("\n    ");
                        xml.writeStartElement("failure");
                        String message = LeakText.sentence(leak) + (c.leaks().size() == 1 ? ""
                                : " (and " + LeakText.plural(c.leaks().size() - 1, "more finding") + ")");
                        xml.writeAttribute("message", clean(message));
                        xml.writeAttribute("type", SarifWriter.ruleId(leak));
                        StringBuilder text = new StringBuilder();
                        for (Leak each : c.leaks()) {
                            text.append(text.length() == 0 ? "" : "\n").append(failureText(each));
                        }
                        xml.writeCharacters(clean(text.toString()));
                        xml.writeEndElement();
                        xml.writeCharacters("\n  ");
                    }
                    case TOLERATED -> skipped(xml, "tolerated by --max " + result.options().max());
                    case BASELINED -> skipped(xml, "in the baseline");
                    case NOT_CHECKED -> skipped(xml, "kind " + leak.kind() + " does not fail with --fail-on " + result.options().failOn());
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    /**
     * A failing finding with tests fails each of its tests, as a test case named by the test's own class and method,
     * so that a CI test view turns the real test red; a test that leaked several findings is one case. Other
     * findings keep a synthetic case of their own: a real test must not show as skipped for a finding that passes.
     */
    private static List<Case> cases(Result result) {
        List<Case> cases = new ArrayList<>();
        Map<String, Case> byTest = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Finding finding : result.findings()) {
            Leak leak = finding.leak();
            if (finding.status() == Status.FAIL && !leak.tests().isEmpty()) {
                for (LeakTest test : leak.tests()) {
                    byTest.computeIfAbsent(test.id(), id -> new Case(
                            test.className() == null ? SUITE : test.className(),
                            test.methodName() != null ? test.methodName() : test.displayName() != null ? test.displayName() : test.id(),
                            Status.FAIL, new ArrayList<>())).leaks().add(leak);
                }
                continue;
            }
            String name = leak.type() + " at " + leak.location() + " (" + leak.kind() + ")";
            if (!names.add(name)) {
                name = name + " [id " + leak.id() + "]";  // same type and site text, different id: keep names unique
            }
            cases.add(new Case(leak.site() == null ? SUITE : leak.site().className(), name, finding.status(), List.of(leak)));
        }
        cases.addAll(byTest.values());
        return cases;
    }

    private static void testCase(XMLStreamWriter xml, String className, String name) throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", clean(className));
        xml.writeAttribute("name", clean(name));
        xml.writeAttribute("time", "0");
    }

    private static void skipped(XMLStreamWriter xml, String reason) throws XMLStreamException {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", reason);
    }

    private static String failureText(Leak leak) {
        StringBuilder text = new StringBuilder(LeakText.sentence(leak)).append('\n');
        text.append("id ").append(leak.id());
        if (leak.thread() != null) {
            text.append(", first on thread ").append(leak.thread());
        }
        if (leak.firstSeen() != null) {
            text.append(" at ").append(leak.firstSeen());
        }
        text.append('\n');
        if (leak.api() != null) {
            text.append(LeakText.api(leak)).append('\n');
        }
        if (!leak.owns().isEmpty()) {
            text.append("owns ").append(String.join(" > ", leak.owns())).append('\n');
        }
        for (String line : LeakText.owned(leak)) {
            text.append(line).append('\n');
        }
        return text.append(LeakText.fullStack(leak)).append('\n').toString();
    }

    /** XML 1.0 cannot carry most control characters, even escaped; a thread name can contain them. */
    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(
                c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && (c < 0xD800 || c > 0xDFFF)) ? c : '?'));
        return sb.toString();
    }
}
