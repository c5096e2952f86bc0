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

    private static final int JDK = 0x17;

    private static final Hierarchy.Header STREAM_HEADER =
            new Hierarchy.Header(0x21, "java/io/InputStream", new String[] {"java/io/Closeable"});

    private static final SiteIdSlots.Ids NO_IDS = () -> {
        throw new AssertionError("no call site here");
    };

    private InstrumentedClassFiles keptWith(Map<String, Boolean> answersThen) {
        InstrumentedClassFiles copies = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        InstrumentedClassFiles.Answers answers = new InstrumentedClassFiles.Answers();
        answersThen.forEach((name, answer) -> answers.record(InstrumentedClassFiles.Answers.CLOSEABLE, name, answer));
        copies.keep("lib/Handle", 99, false, null, answers, INSTRUMENTED, new int[0]);
        assertThat(copies.writePending()).isEqualTo(1);
        return copies;
    }

    @Test
    void aCopyIsFoundForTheSameClassFileWhenEveryAnswerIsTheSame() {
        InstrumentedClassFiles copies = keptWith(Map.of("java/io/InputStream", true, "lib/Other", false));

        byte[] found = copies.find("lib/Handle", 99, false, null, (kind, name) -> name.equals("java/io/InputStream"), NO_IDS);

        assertThat(found).isEqualTo(INSTRUMENTED);
    }

    @Test
    void noCopyIsFoundWhenAnAnswerChanged() {
        InstrumentedClassFiles copies = keptWith(Map.of("lib/Other", false));

        assertThat(copies.find("lib/Handle", 99, false, null, (kind, name) -> true, NO_IDS)).isNull();
    }

    @Test
    void noCopyIsFoundForOtherBytesOfTheClass() {
        InstrumentedClassFiles copies = keptWith(Map.of());

        assertThat(copies.find("lib/Handle", 98, false, null, (kind, name) -> false, NO_IDS)).isNull();
        assertThat(copies.find("lib/Other", 99, false, null, (kind, name) -> false, NO_IDS)).isNull();
    }

    @Test
    void aCopyOfApplicationCodeGetsFreshIdsForItsCallSitesEachTimeItIsUsed() {
        InstrumentedClassFiles copies = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        byte[] withSites = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 7, 3, 0, 0, 0, 8};
        copies.keep("app/Main", 5, true, null, new InstrumentedClassFiles.Answers(), withSites, new int[] {11, 16});
        copies.writePending();
        int[] next = {41};

        byte[] first = copies.find("app/Main", 5, true, null, (kind, name) -> false, () -> next[0]++);
        byte[] second = copies.find("app/Main", 5, true, null, (kind, name) -> false, () -> next[0]++);

        assertThat(java.nio.ByteBuffer.wrap(first, 11, 4).getInt()).isEqualTo(41);
        assertThat(java.nio.ByteBuffer.wrap(first, 16, 4).getInt()).isEqualTo(42);
        assertThat(java.nio.ByteBuffer.wrap(second, 11, 4).getInt()).isEqualTo(43);
        assertThat(java.nio.ByteBuffer.wrap(second, 16, 4).getInt()).isEqualTo(44);
        assertThat(copies.find("app/Main", 5, false, null, (kind, name) -> false, NO_IDS))
                .as("instrumented as a library's, the class has no call sites: another copy").isNull();
    }

    @Test
    void aCutCopyIsNotUsed() throws Exception {
        InstrumentedClassFiles copies = keptWith(Map.of());
        for (File file : cache.resolve("instrumented-test").toFile().listFiles()) {
            byte[] content = Files.readAllBytes(file.toPath());
            Files.write(file.toPath(), java.util.Arrays.copyOf(content, content.length - 1));
        }

        assertThat(copies.find("lib/Handle", 99, false, null, (kind, name) -> false, NO_IDS)).isNull();
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

    private static final String JAR = "/libs/lib.jar";

    private InstrumentedClassFiles keptForJar(String className, int crc, boolean applicationCode, byte[] classFile) {
        InstrumentedClassFiles copies = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        copies.keep(className, crc, applicationCode, JAR, new InstrumentedClassFiles.Answers(), classFile, new int[0]);
        assertThat(copies.writePending()).isEqualTo(1);
        return copies;
    }

    private String[] keptFiles() {
        String[] names = cache.resolve("instrumented-test").toFile().list();
        java.util.Arrays.sort(names);
        return names;
    }

    @Test
    void theCopiesOfAJarsClassesAreEntriesOfOnePackNamedAsTheJarsIndexIs() {
        keptForJar("lib/Handle", 99, false, INSTRUMENTED);
        keptForJar("lib/Other", 7, true, INSTRUMENTED);

        assertThat(keptFiles()).containsExactly(HeaderCache.nameFor(JAR) + ".copies");
        InstrumentedClassFiles later = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        assertThat(later.find("lib/Handle", 99, false, JAR, (kind, name) -> false, NO_IDS)).isEqualTo(INSTRUMENTED);
        assertThat(later.find("lib/Other", 7, true, JAR, (kind, name) -> false, () -> 1)).isEqualTo(INSTRUMENTED);
        assertThat(later.find("lib/Handle", 99, false, "/libs/other.jar", (kind, name) -> false, NO_IDS))
                .as("another jar's pack").isNull();
        assertThat(later.find("lib/Handle", 99, false, null, (kind, name) -> false, NO_IDS))
                .as("not a file of its own").isNull();
    }

    @Test
    void aCopyOfAnotherClassFileOfTheSameNameReplacesTheOldOneInThePack() throws Exception {
        keptForJar("lib/Handle", 99, false, INSTRUMENTED);
        byte[] rebuilt = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 9};
        keptForJar("lib/Handle", 100, false, rebuilt);
        keptForJar("lib/Handle", 100, true, rebuilt);

        InstrumentedClassFiles later = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        assertThat(later.find("lib/Handle", 100, false, JAR, (kind, name) -> false, NO_IDS)).isEqualTo(rebuilt);
        assertThat(later.find("lib/Handle", 100, true, JAR, (kind, name) -> false, () -> 1)).isEqualTo(rebuilt);
        assertThat(later.find("lib/Handle", 99, false, JAR, (kind, name) -> false, NO_IDS)).isNull();
        try (java.util.zip.ZipFile pack = new java.util.zip.ZipFile(cache.resolve("instrumented-test")
                .resolve(HeaderCache.nameFor(JAR) + ".copies").toFile())) {
            assertThat(pack.size()).as("one copy per class and kind").isEqualTo(2);
        }
    }

    @Test
    void aDamagedPackIsNotUsedAndIsWrittenAnew() throws Exception {
        keptForJar("lib/Handle", 99, false, INSTRUMENTED);
        Path pack = cache.resolve("instrumented-test").resolve(HeaderCache.nameFor(JAR) + ".copies");
        byte[] content = Files.readAllBytes(pack);
        Files.write(pack, java.util.Arrays.copyOf(content, content.length - 30));

        InstrumentedClassFiles later = keptForJar("lib/Other", 7, false, INSTRUMENTED);
        assertThat(later.find("lib/Handle", 99, false, JAR, (kind, name) -> false, NO_IDS)).isNull();

        InstrumentedClassFiles next = new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), JDK);
        assertThat(next.find("lib/Other", 7, false, JAR, (kind, name) -> false, NO_IDS)).isEqualTo(INSTRUMENTED);
        assertThat(next.find("lib/Handle", 99, false, JAR, (kind, name) -> false, NO_IDS)).isNull();
    }

    private InstrumentedClassFiles copiesFor(int jdk) {
        return new InstrumentedClassFiles(cache.resolve("instrumented-test").toFile(), jdk);
    }

    private void keptInPack(String className, int crc, Map<String, Boolean> answersThen) {
        InstrumentedClassFiles copies = copiesFor(JDK);
        InstrumentedClassFiles.Answers answers = new InstrumentedClassFiles.Answers();
        answersThen.forEach((name, answer) -> answers.record(InstrumentedClassFiles.Answers.CLOSEABLE, name, answer));
        copies.keepJdk(className, crc, STREAM_HEADER, answers, INSTRUMENTED);
        assertThat(copies.writePending()).isEqualTo(1);
    }

    @Test
    void aJdkCopyIsFoundInThePackWithTheHeaderOfTheClassFileItWasMadeFrom() {
        keptInPack("java/io/FileInputStream", 7, Map.of("java/io/InputStream", true));
        InstrumentedClassFiles copies = copiesFor(JDK);

        assertThat(copies.findJdk("java/io/FileInputStream", 7, (kind, name) -> true)).isEqualTo(INSTRUMENTED);
        assertThat(copies.jdkHeader("java/io/FileInputStream", 7).sameAs(STREAM_HEADER)).isTrue();
        assertThat(copies.jdkHeader("java/io/FileInputStream", 8)).as("other bytes of the class").isNull();
    }

    @Test
    void theJdkPackKeepsTheCopiesOfEarlierJvmsBesideNewOnes() {
        keptInPack("java/io/FileInputStream", 7, Map.of());
        keptInPack("java/io/FileOutputStream", 9, Map.of());
        InstrumentedClassFiles copies = copiesFor(JDK);

        assertThat(copies.findJdk("java/io/FileInputStream", 7, (kind, name) -> false)).isEqualTo(INSTRUMENTED);
        assertThat(copies.findJdk("java/io/FileOutputStream", 9, (kind, name) -> false)).isEqualTo(INSTRUMENTED);
    }

    @Test
    void bothFormsInWhichTheJvmHandsAJdkClassAreKept() {
        keptInPack("java/io/FileInputStream", 7, Map.of());
        keptInPack("java/io/FileInputStream", 8, Map.of());
        InstrumentedClassFiles copies = copiesFor(JDK);

        assertThat(copies.findJdk("java/io/FileInputStream", 7, (kind, name) -> false)).isEqualTo(INSTRUMENTED);
        assertThat(copies.findJdk("java/io/FileInputStream", 8, (kind, name) -> false)).isEqualTo(INSTRUMENTED);
        assertThat(copies.findJdk("java/io/FileInputStream", 9, (kind, name) -> false)).isNull();
    }

    @Test
    void anotherJdkHasAPackOfItsOwn() {
        keptInPack("java/io/FileInputStream", 7, Map.of());

        assertThat(copiesFor(JDK + 1).findJdk("java/io/FileInputStream", 7, (kind, name) -> false)).isNull();
        assertThat(copiesFor(JDK + 1).jdkHeader("java/io/FileInputStream", 7)).isNull();
    }

    @Test
    void noJdkCopyIsFoundWhenAnAnswerChanged() {
        keptInPack("java/io/FileInputStream", 7, Map.of("java/io/InputStream", true));

        assertThat(copiesFor(JDK).findJdk("java/io/FileInputStream", 7, (kind, name) -> false)).isNull();
    }

    @Test
    void aCutPackIsNotUsedAndIsWrittenAnew() throws Exception {
        keptInPack("java/io/FileInputStream", 7, Map.of());
        Path pack;
        try (var files = Files.list(cache.resolve("instrumented-test"))) {
            pack = files.filter(p -> p.getFileName().toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(pack);
        Files.write(pack, java.util.Arrays.copyOf(content, content.length - 1));

        assertThat(copiesFor(JDK).findJdk("java/io/FileInputStream", 7, (kind, name) -> false)).isNull();
        keptInPack("java/io/FileOutputStream", 9, Map.of());
        assertThat(copiesFor(JDK).findJdk("java/io/FileOutputStream", 9, (kind, name) -> false)).isEqualTo(INSTRUMENTED);
    }
}
