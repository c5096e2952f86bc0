package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestFailureTextTest {

    private static final Frame CONSTRUCTOR = new Frame("java.io.FileInputStream", "<init>", "FileInputStream.java", 141);
    private static final Frame SITE = new Frame("com.acme.Files", "open", "Files.java", 28);
    private static final Frame TEST = new Frame("com.acme.FooTest", "reads", "FooTest.java", 17);
    private static final Frame RUNNER = new Frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod",
            "ReflectionUtils.java", 767);

    private static Leak leak(String... owns) {
        return new Leak("id", "java.io.FileInputStream", "gc", 1, SITE, List.of(CONSTRUCTOR, SITE), List.of(owns),
                "main", "2025-03-01T10:00:00Z");
    }

    @Test
    void namesTheTypeAndTheSiteAndShowsTheStackDownToTheTestMethod() {
        String text = TestFailureText.of(leak(), List.of(CONSTRUCTOR, SITE, TEST, RUNNER, RUNNER), "com.acme.FooTest");

        assertThat(text).isEqualTo("java.io.FileInputStream opened at Files.java:28 was collected without close()\n"
                + "\tat java.io.FileInputStream.<init>(FileInputStream.java:141)\n"
                + "\tat com.acme.Files.open(Files.java:28)\n"
                + "\tat com.acme.FooTest.reads(FooTest.java:17)\n"
                + "\t... 2 more");
    }

    @Test
    void aStackWithoutTheTestsFramesFromAPooledThreadIsCutAfterFifteenFrames() {
        List<Frame> deep = new java.util.ArrayList<>(List.of(CONSTRUCTOR, SITE));
        for (int i = 0; i < 20; i++) {
            deep.add(RUNNER);
        }

        String text = TestFailureText.of(leak(), deep, "com.acme.FooTest");

        assertThat(text.lines().filter(l -> l.startsWith("\tat "))).hasSize(15);
        assertThat(text).endsWith("\t... 7 more");
    }

    @Test
    void saysWhatTheLeakedObjectHeld() {
        assertThat(TestFailureText.of(leak("java.io.InputStreamReader"), List.of(), null))
                .startsWith("java.io.FileInputStream opened at Files.java:28 was collected without close(), holding"
                        + " java.io.InputStreamReader");
    }
}
