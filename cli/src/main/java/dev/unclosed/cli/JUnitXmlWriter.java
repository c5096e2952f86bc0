package dev.unclosed.cli;

import dev.unclosed.cli.LeakCheck.Finding;
import dev.unclosed.cli.LeakCheck.Result;
import dev.unclosed.cli.LeakCheck.Status;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.Leak;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * JUnit XML, the Surefire dialect that Jenkins, GitLab and most CI servers read: one {@code <testsuite name="unclosed">}.
 *
 * <p>Every finding is a test case named {@code TYPE at File.java:42 (KIND)}, with the site's class as classname.
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

    static void writeTo(Result result, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", SUITE);
            int tests = Math.max(1, result.findings().size());
            xml.writeAttribute("tests", String.valueOf(tests));
            xml.writeAttribute("failures", String.valueOf(result.count(Status.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(result.findings().size() - result.count(Status.FAIL)));
            xml.writeAttribute("time", "0");
            xml.writeCharacters("\n");
            if (result.findings().isEmpty()) {
                testCase(xml, SUITE, "no leaks");
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            Set<String> names = new HashSet<>();
            for (Finding finding : result.findings()) {
                Leak leak = finding.leak();
                String name = leak.type() + " at " + leak.location() + " (" + leak.kind() + ")";
                if (!names.add(name)) {
                    name = name + " [id " + leak.id() + "]";  // same type and site text, different id: keep names unique
                }
                testCase(xml, leak.site() == null ? SUITE : leak.site().className(), name);
                switch (finding.status()) {
                    case FAIL -> {
                        xml.writeCharacters("\n    ");
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", clean(LeakText.sentence(leak)));
                        xml.writeAttribute("type", SarifWriter.ruleId(leak));
                        xml.writeCharacters(clean(failureText(leak)));
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
