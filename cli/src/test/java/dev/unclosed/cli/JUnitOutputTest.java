package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class JUnitOutputTest {

    @TempDir
    Path dir;

    @Test
    void aFailingFindingIsAFailedTestCaseCarryingItsStack() throws Exception {
        Element suite = junit(report("leaking.json"));

        Element failed = testCases(suite).get(0);
        assertThat(failed.getAttribute("classname")).isEqualTo("com.acme.orders.InvoiceStore");
        assertThat(failed.getAttribute("name")).isEqualTo("java.io.BufferedReader at InvoiceStore.java:42 (gc)");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("3 x java.io.BufferedReader collected without close()");
        assertThat(failure.getTextContent())
                .contains("id 5f1c9a0e7b3d42a8, first on thread main")
                .contains("at org.junit.jupiter.engine.execution.MethodInvocation.proceed(MethodInvocation.java:60)");
    }

    @Test
    void theFailureSaysWhereWhatTheLeakedObjectHeldWasOpened() throws Exception {
        Element failure = (Element) testCases(junit(report("wrapped.json"))).get(0).getElementsByTagName("failure").item(0);

        assertThat(failure.getTextContent()).contains("sun.nio.ch.FileChannelImpl opened at ChannelHandedToALibrary.java:19"
                + " (dev.unclosed.scenarios.ChannelHandedToALibrary.readFirstByte), wrapped at OnceReader.java:15");
    }

    @Test
    void theSuiteCountsMatchItsTestCases() throws Exception {
        Element suite = junit(report("forks"), report("leaking.json"), "--baseline", report("baselines/baseline.json"));

        List<Element> cases = testCases(suite);
        long failures = cases.stream().filter(c -> c.getElementsByTagName("failure").getLength() > 0).count();
        long skipped = cases.stream().filter(c -> c.getElementsByTagName("skipped").getLength() > 0).count();
        assertThat(suite.getAttribute("name")).isEqualTo("unclosed");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(cases).hasSize(5);
        assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(failures)).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo(String.valueOf(skipped)).isEqualTo("3");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
    }

    @Test
    void findingsThatPassAreSkippedWithTheReason() throws Exception {
        Element suite = junit(report("leaking.json"), "--baseline", report("baselines/baseline.json"));

        assertThat(testCases(suite)).extracting(c -> ((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .containsExactly("in the baseline", "kind exit does not fail with --fail-on gc");
    }

    @Test
    void findingsToleratedByMaxAreSkippedNotFailed() throws Exception {
        Element suite = junit(report("forks"), "--max", "5");

        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getElementsByTagName("skipped").item(0)).extracting(n -> ((Element) n).getAttribute("message"))
                .isEqualTo("tolerated by --max 5");
    }

    @Test
    void withoutFindingsOnePassingTestCaseSaysNoLeaks() throws Exception {
        Element suite = junit(report("clean.json"));

        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(testCases(suite)).singleElement().satisfies(c -> {
            assertThat(c.getAttribute("name")).isEqualTo("no leaks");
            assertThat(c.getChildNodes().getLength()).isZero();
        });
    }

    @Test
    void aFailingFindingFailsEachTestThatLeakedItUnderTheTestsOwnName() throws Exception {
        Path report = HandMade.write(dir, "tests.json", withTests("t1", "com.acme.Store.open(Store.java:20)",
                test("com.acme.StoreTest", "reads", 2), test("com.acme.OtherTest", "opens", 1)));

        List<Element> cases = testCases(junit(report.toString()));

        assertThat(cases).extracting(c -> c.getAttribute("classname") + "#" + c.getAttribute("name"))
                .containsExactly("com.acme.StoreTest#reads", "com.acme.OtherTest#opens");
        Element failure = (Element) cases.get(0).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("1 x java.io.FileInputStream collected without close(), allocated at Store.java:20 in com.acme.Store.open");
        assertThat(failure.getTextContent()).contains("at com.acme.Store.open(Store.java:20)");
    }

    @Test
    void aTestThatLeakedTwoFindingsIsOneFailedCaseCarryingBoth() throws Exception {
        Path report = HandMade.write(dir, "tests.json",
                withTests("t1", "com.acme.Store.open(Store.java:20)", test("com.acme.StoreTest", "reads", 1)),
                withTests("t2", "com.acme.Store.write(Store.java:31)", test("com.acme.StoreTest", "reads", 1)));

        Element suite = junit(report.toString());

        assertThat(testCases(suite)).singleElement().satisfies(c -> {
            Element failure = (Element) c.getElementsByTagName("failure").item(0);
            assertThat(failure.getAttribute("message")).endsWith("(and 1 more finding)");
            assertThat(failure.getTextContent()).contains("Store.java:20").contains("Store.java:31");
        });
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void aFindingThatDoesNotFailKeepsItsSyntheticCaseEvenWithTests() throws Exception {
        Path report = HandMade.write(dir, "tests.json", HandMade.leak("e1", "java.io.FileInputStream", "exit", 1,
                HandMade.frame("com.acme.Store.open(Store.java:20)"), List.of(HandMade.frame("com.acme.Store.open(Store.java:20)")),
                test("com.acme.StoreTest", "reads", 1)));

        assertThat(testCases(junit(report.toString()))).singleElement()
                .extracting(c -> c.getAttribute("name")).isEqualTo("java.io.FileInputStream at Store.java:20 (exit)");
    }

    static LeakTest test(String className, String method, long count) {
        return new LeakTest("[engine:junit-jupiter]/[class:" + className + "]/[method:" + method + "()]", method + "()",
                className, method, count);
    }

    static Leak withTests(String id, String site, LeakTest... tests) {
        Frame frame = HandMade.frame(site);
        return HandMade.leak(id, "java.io.FileInputStream", "gc", 1, frame, List.of(frame), tests);
    }

    private Element junit(String... inputsAndOptions) throws Exception {
        Path file = dir.resolve("TEST-unclosed.xml");
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(List.of(inputsAndOptions));
        args.addAll(List.of("--junit", file.toString()));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.err()).isEmpty();
        // Parsing is the well-formedness check: a stray '<' or '&' from a type or thread name would throw here.
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private static List<Element> testCases(Element suite) {
        NodeList nodes = suite.getElementsByTagName("testcase");
        List<Element> cases = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            cases.add((Element) nodes.item(i));
        }
        return cases;
    }
}
