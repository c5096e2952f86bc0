package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderIndexTest {

    private static final int WORLD = 0x5EED;

    private static HeaderIndex sample() {
        Map<String, HeaderIndex.Entry> entries = new ConcurrentHashMap<>();
        entries.put("lib/Listed", new HeaderIndex.Entry(7, null));
        HeaderIndex index = new HeaderIndex("/libs/lib.jar", 1234, 5678, true, WORLD, entries);
        index.put("lib/Handle", 42, new Hierarchy.Header(1, "lib/Base", new String[] {"java/io/Closeable", "lib/Marker"}));
        index.put("lib/Base", -3, new Hierarchy.Header(33, "java/lang/Object", new String[0]));
        return index;
    }

    private static HeaderIndex read(byte[] file) throws IOException {
        return HeaderIndex.readFrom(file, WORLD);
    }

    private static byte[] written(HeaderIndex index) {
        CacheBytes bytes = new CacheBytes(0);
        index.writeTo(bytes);
        return bytes.toByteArray();
    }

    @Test
    void anIndexReadsBackAsItWasWritten() throws Exception {
        HeaderIndex read = read(written(sample()));

        assertThat(read.describes("/libs/lib.jar", 1234, 5678)).isTrue();
        assertThat(read.complete).isTrue();
        assertThat(read.get("lib/Handle").crc()).isEqualTo(42);
        assertThat(read.get("lib/Handle").header().sameAs(
                new Hierarchy.Header(1, "lib/Base", new String[] {"java/io/Closeable", "lib/Marker"}))).isTrue();
        assertThat(read.get("lib/Base").crc()).isEqualTo(-3);
        assertThat(read.get("lib/Listed").header()).as("listed, not read yet").isNull();
        assertThat(read.holds("lib/Listed")).isTrue();
        assertThat(read.holds("lib/Absent")).as("the jar's classes are all listed").isFalse();
    }

    @Test
    void anIndexOfAFileThatChangedSinceDoesNotDescribeIt() throws Exception {
        HeaderIndex read = read(written(sample()));

        assertThat(read.describes("/libs/lib.jar", 1235, 5678)).isFalse();
        assertThat(read.describes("/libs/lib.jar", 1234, 5679)).isFalse();
        assertThat(read.describes("/other/lib.jar", 1234, 5678)).isFalse();
    }

    @Test
    void aCutOrCorruptIndexIsRefused() throws Exception {
        byte[] whole = written(sample());
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> HeaderIndex.readFrom(cut, WORLD)).as("cut at " + length).isInstanceOf(IOException.class);
        }
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> HeaderIndex.readFrom(longer, WORLD)).isInstanceOf(IOException.class);
    }

    @Test
    void anIndexWithAnyByteAlteredIsRefused() throws Exception {
        byte[] whole = written(sample());
        for (int at = 0; at < whole.length; at++) {
            byte[] altered = whole.clone();
            altered[at] ^= 0x20;
            assertThatThrownBy(() -> HeaderIndex.readFrom(altered, WORLD)).as("byte " + at).isInstanceOf(IOException.class);
        }
    }

    @Test
    void everyClassOfAnIndexIsFoundByItsName() throws Exception {
        Map<String, HeaderIndex.Entry> entries = new ConcurrentHashMap<>();
        for (int i = 0; i < 500; i++) {
            entries.put("p" + (i % 7) + "/C" + i, new HeaderIndex.Entry(i, null));
        }
        entries.put("p/Ünïcode", new HeaderIndex.Entry(-1, null));
        entries.put("p/Z", new HeaderIndex.Entry(-2, null));
        HeaderIndex read = read(written(new HeaderIndex("/j.jar", 1, 2, true, WORLD, entries)));

        for (Map.Entry<String, HeaderIndex.Entry> e : entries.entrySet()) {
            assertThat(read.get(e.getKey())).as(e.getKey()).isNotNull();
            assertThat(read.get(e.getKey()).crc()).as(e.getKey()).isEqualTo(e.getValue().crc());
        }
        assertThat(read.get("p0/C")).isNull();
        assertThat(read.get("p/Ü")).isNull();
        assertThat(read.get("")).isNull();
        assertThat(read.get("zzz/Last")).isNull();
    }

    @Test
    void classesWhoseNamesHashAlikeAreEachFoundByTheirOwnName() throws Exception {
        assertThat("p/Aa".hashCode()).isEqualTo("p/BB".hashCode());
        Map<String, HeaderIndex.Entry> entries = new ConcurrentHashMap<>();
        entries.put("p/Aa", new HeaderIndex.Entry(1, null));
        entries.put("p/BB", new HeaderIndex.Entry(2, null));
        HeaderIndex read = read(written(new HeaderIndex("/j.jar", 1, 2, true, WORLD, entries)));

        assertThat(read.get("p/BB").crc()).isEqualTo(2);
        assertThat(read.get("p/Aa").crc()).isEqualTo(1);
        assertThat(read.get("p/C#")).as("the same hash, another name").isNull();
    }

    @Test
    void aSupertypeSharedByClassesReadsAsOneString() throws Exception {
        HeaderIndex index = sample();
        index.put("lib/Other", 5, new Hierarchy.Header(1, "lib/Base", new String[] {"java/io/Closeable"}));
        HeaderIndex read = read(written(index));

        assertThat(read.get("lib/Other").header().superName()).isSameAs(read.get("lib/Handle").header().superName());
        assertThat(read.get("lib/Other").header().interfaces()[0])
                .isSameAs(read.get("lib/Handle").header().interfaces()[0]);
    }

    @Test
    void classesReadBackAndAddedSinceAreAllWrittenAgain() throws Exception {
        HeaderIndex read = read(written(sample()));
        read.put("lib/Added", 9, new Hierarchy.Header(1, "java/lang/Object", new String[] {"java/io/Closeable"}));

        HeaderIndex again = read(written(read));

        assertThat(again.get("lib/Added").header().interfaces()).containsExactly("java/io/Closeable");
        assertThat(again.get("lib/Handle").header().superName()).as("never looked up in between").isEqualTo("lib/Base");
        assertThat(again.get("lib/Listed").header()).isNull();
        assertThat(again.holds("lib/Base")).isTrue();
    }

    @Test
    void aClassFoundToCallNoTrackedConstructorIsKnownSoByTheNextJvmOfTheSameWorld() throws Exception {
        HeaderIndex index = sample();
        Hierarchy.Header header = index.get("lib/Base").header();
        index.scanned("lib/Base", -3, header, false);

        HeaderIndex read = read(written(index));

        assertThat(read.callsNoTrackedConstructor("lib/Base", -3)).isTrue();
        assertThat(read.callsNoTrackedConstructor("lib/Base", 99)).as("another class file of that name").isFalse();
        assertThat(read.callsNoTrackedConstructor("lib/Handle", 42)).as("never found so").isFalse();
        assertThat(read.get("lib/Base").header().sameAs(header)).isTrue();
    }

    @Test
    void aClassFoundToNeedNoHooksIsKnownSoByTheNextJvmOfTheSameWorld() throws Exception {
        HeaderIndex index = sample();
        index.notCloseableHere("lib/Base", -3, index.get("lib/Base").header());

        HeaderIndex read = read(written(index));

        assertThat(read.isNotCloseableHere("lib/Base", -3)).isTrue();
        assertThat(read.isNotCloseableHere("lib/Base", 99)).as("another class file of that name").isFalse();
        assertThat(read.isNotCloseableHere("lib/Handle", 42)).as("never found so").isFalse();
        assertThat(read.isNotCloseableHere("lib/Absent", 1)).isFalse();
        assertThat(read.get("lib/Base").header().superName()).isEqualTo("java/lang/Object");
        assertThat(HeaderIndex.readFrom(written(index), WORLD + 1).isNotCloseableHere("lib/Base", -3))
                .as("in a JVM of another world").isFalse();
    }

    @Test
    void aClassNeedingNoHooksKeepsThatVerdictWhenItsScanIsRecorded() throws Exception {
        HeaderIndex index = sample();
        Hierarchy.Header header = index.get("lib/Base").header();
        index.notCloseableHere("lib/Base", -3, header);
        index.scanned("lib/Base", -3, header, false);

        HeaderIndex read = read(written(index));

        assertThat(read.isNotCloseableHere("lib/Base", -3)).isTrue();
        assertThat(read.callsNoTrackedConstructor("lib/Base", -3)).isTrue();
    }

    @Test
    void aClassFoundToCallATrackedConstructorIsKnownSoByTheNextJvmOfTheSameWorld() throws Exception {
        HeaderIndex index = sample();
        Hierarchy.Header header = index.get("lib/Base").header();
        index.scanned("lib/Base", -3, header, true);

        HeaderIndex read = read(written(index));

        assertThat(read.callsTrackedConstructor("lib/Base", -3)).isTrue();
        assertThat(read.callsNoTrackedConstructor("lib/Base", -3)).isFalse();
        assertThat(read.callsTrackedConstructor("lib/Base", 99)).as("another class file of that name").isFalse();
        assertThat(read.callsTrackedConstructor("lib/Handle", 42)).as("never scanned").isFalse();
        assertThat(HeaderIndex.readFrom(written(index), WORLD + 1).callsTrackedConstructor("lib/Base", -3))
                .as("another world").isFalse();
    }

    @Test
    void aLaterScanReplacesTheEarlierVerdict() {
        HeaderIndex index = sample();
        Hierarchy.Header header = index.get("lib/Base").header();
        index.scanned("lib/Base", -3, header, true);
        index.written();

        index.scanned("lib/Base", -3, header, true);
        assertThat(index.isDirty()).as("the same verdict again").isFalse();
        index.scanned("lib/Base", -3, header, false);

        assertThat(index.isDirty()).isTrue();
        assertThat(index.callsNoTrackedConstructor("lib/Base", -3)).isTrue();
        assertThat(index.callsTrackedConstructor("lib/Base", -3)).isFalse();
    }

    @Test
    void aJvmOfAnotherWorldLeavesTheVerdictsOut() throws Exception {
        HeaderIndex index = sample();
        index.scanned("lib/Base", -3, index.get("lib/Base").header(), false);

        HeaderIndex other = HeaderIndex.readFrom(written(index), WORLD + 1);

        assertThat(other.callsNoTrackedConstructor("lib/Base", -3)).isFalse();
        assertThat(other.get("lib/Base").crc()).as("the rest holds").isEqualTo(-3);
        assertThat(HeaderIndex.readFrom(written(other), WORLD + 1).callsNoTrackedConstructor("lib/Base", -3))
                .as("nor is it written again as this world's").isFalse();
    }

    @Test
    void aNewClassFileUnderTheSameNameLosesTheVerdict() throws Exception {
        HeaderIndex index = sample();
        Hierarchy.Header header = index.get("lib/Base").header();
        index.scanned("lib/Base", -3, header, false);

        index.put("lib/Base", 77, header);

        assertThat(index.callsNoTrackedConstructor("lib/Base", 77)).isFalse();
        assertThat(index.callsNoTrackedConstructor("lib/Base", -3)).isFalse();
    }

    @Test
    void onlyNewHeadersMarkTheIndexAsChanged() {
        HeaderIndex index = sample();
        index.written();

        index.put("lib/Handle", 42, new Hierarchy.Header(1, "lib/Base", new String[0]));
        assertThat(index.isDirty()).as("the same class file again").isFalse();
        index.put("lib/Listed", 7, new Hierarchy.Header(1, "java/lang/Object", new String[0]));
        assertThat(index.isDirty()).as("a header for a class only listed so far").isTrue();
    }
}
