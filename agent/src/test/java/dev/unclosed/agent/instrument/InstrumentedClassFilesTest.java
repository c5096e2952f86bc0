package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstrumentedClassFilesTest {

    @TempDir
    Path cache;

    private static final byte[] INSTRUMENTED = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3};

    private static final SiteIdSlots.Ids NO_IDS = () -> {
        throw new AssertionError("no call site here");
    };

    private InstrumentedClassFiles keptWith(Map<String, Boolean> answersThen) {
        InstrumentedClassFiles copies = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile());
        InstrumentedClassFiles.Answers answers = new InstrumentedClassFiles.Answers();
        answersThen.forEach((name, answer) -> answers.record(InstrumentedClassFiles.Answers.CLOSEABLE, name, answer));
        copies.keep("lib/Handle", 99, false, answers, INSTRUMENTED, new int[0]);
        assertThat(copies.writePending()).isEqualTo(1);
        return copies;
    }

    @Test
    void aCopyIsFoundForTheSameClassFileWhenEveryAnswerIsTheSame() {
        InstrumentedClassFiles copies = keptWith(Map.of("java/io/InputStream", true, "lib/Other", false));

        byte[] found = copies.find("lib/Handle", 99, false, (kind, name) -> name.equals("java/io/InputStream"), NO_IDS);

        assertThat(found).isEqualTo(INSTRUMENTED);
    }

    @Test
    void noCopyIsFoundWhenAnAnswerChanged() {
        InstrumentedClassFiles copies = keptWith(Map.of("lib/Other", false));

        assertThat(copies.find("lib/Handle", 99, false, (kind, name) -> true, NO_IDS)).isNull();
    }

    @Test
    void noCopyIsFoundForOtherBytesOfTheClass() {
        InstrumentedClassFiles copies = keptWith(Map.of());

        assertThat(copies.find("lib/Handle", 98, false, (kind, name) -> false, NO_IDS)).isNull();
        assertThat(copies.find("lib/Other", 99, false, (kind, name) -> false, NO_IDS)).isNull();
    }

    @Test
    void aCopyOfApplicationCodeGetsFreshIdsForItsCallSitesEachTimeItIsUsed() {
        InstrumentedClassFiles copies = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile());
        byte[] withSites = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 7, 3, 0, 0, 0, 8};
        copies.keep("app/Main", 5, true, new InstrumentedClassFiles.Answers(), withSites, new int[] {11, 16});
        copies.writePending();
        int[] next = {41};

        byte[] first = copies.find("app/Main", 5, true, (kind, name) -> false, () -> next[0]++);
        byte[] second = copies.find("app/Main", 5, true, (kind, name) -> false, () -> next[0]++);

        assertThat(java.nio.ByteBuffer.wrap(first, 11, 4).getInt()).isEqualTo(41);
        assertThat(java.nio.ByteBuffer.wrap(first, 16, 4).getInt()).isEqualTo(42);
        assertThat(java.nio.ByteBuffer.wrap(second, 11, 4).getInt()).isEqualTo(43);
        assertThat(java.nio.ByteBuffer.wrap(second, 16, 4).getInt()).isEqualTo(44);
        assertThat(copies.find("app/Main", 5, false, (kind, name) -> false, NO_IDS))
                .as("instrumented as a library's, the class has no call sites: another copy").isNull();
    }

    @Test
    void aCutCopyIsNotUsed() throws Exception {
        InstrumentedClassFiles copies = keptWith(Map.of());
        for (File file : cache.resolve("instrumented-test").toFile().listFiles()) {
            byte[] content = Files.readAllBytes(file.toPath());
            Files.write(file.toPath(), java.util.Arrays.copyOf(content, content.length - 1));
        }

        assertThat(copies.find("lib/Handle", 99, false, (kind, name) -> false, NO_IDS)).isNull();
    }

    @Test
    void onlyTheMostRecentAgentsKeepTheirCopies() throws Exception {
        for (int i = 0; i < 6; i++) {
            Path old = Files.createDirectories(cache.resolve("instrumented-old" + i));
            Files.writeString(old.resolve("x.class-copy"), "x");
            old.toFile().setLastModified(1_000_000L * (i + 1));
        }

        keptWith(Map.of());

        try (var dirs = Files.list(cache)) {
            assertThat(dirs.filter(p -> p.getFileName().toString().startsWith("instrumented-"))).hasSize(4)
                    .contains(cache.resolve("instrumented-test"));
        }
    }
}
