package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    private static final String TYPE = "java.io.FileInputStream";

    /** Two allocations on consecutive lines of one method; the class file's line table is what ranks them. */
    static final class Sites {
        static Throwable[] open() {
            Throwable first = new Throwable();
            Throwable second = new Throwable();
            return new Throwable[] {first, second};
        }

        static Throwable other() {
            return new Throwable();
        }
    }

    /** The same method after an edit above it: every line moved down, the ranks did not. */
    static final class SitesAfterAnEdit {
        static Throwable[] open() {
            // Lines added above the allocations, and a blank one:

            Throwable first = new Throwable();
            Throwable second = new Throwable();
            return new Throwable[] {first, second};
        }
    }

    private static Frame frameOf(Throwable t) {
        return AllocationStack.frame(t.getStackTrace()[0]);
    }

    private static Frame renamed(Frame frame, String className) {
        return new Frame(className, frame.methodName(), frame.fileName(), frame.lineNumber());
    }

    /** A loader whose class file for any name is {@code real}'s: a class as it is after an edit. */
    private static ClassLoader serving(Class<?> real) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return real.getClassLoader().getResourceAsStream(real.getName().replace('.', '/') + ".class");
            }
        };
    }

    private final Fingerprints fingerprints = new Fingerprints(name -> FingerprintsTest.class.getClassLoader());

    @Test
    void theSameInputsGiveTheSameIdInEveryInstance() {
        Frame site = frameOf(Sites.open()[0]);

        String id = fingerprints.idOf(TYPE, "gc", site);

        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(fingerprints.idOf(TYPE, "gc", site)).isEqualTo(id);
        assertThat(new Fingerprints(name -> FingerprintsTest.class.getClassLoader()).idOf(TYPE, "gc", site)).isEqualTo(id);
    }

    @Test
    void theRankIsThePositionOfTheLineAmongTheMethodsLines() {
        Throwable[] sites = Sites.open();

        assertThat(fingerprints.lineRank(frameOf(sites[0]))).isZero();
        assertThat(fingerprints.lineRank(frameOf(sites[1]))).isEqualTo(1);
    }

    @Test
    void twoLinesOfOneMethodGetDifferentIds() {
        Throwable[] sites = Sites.open();

        assertThat(fingerprints.idOf(TYPE, "gc", frameOf(sites[0])))
                .isNotEqualTo(fingerprints.idOf(TYPE, "gc", frameOf(sites[1])));
    }

    @Test
    void twoMethodsGetDifferentIdsEvenAtTheSameRank() {
        Frame inOpen = frameOf(Sites.open()[0]);
        Frame inOther = frameOf(Sites.other());
        assertThat(fingerprints.lineRank(inOther)).isEqualTo(fingerprints.lineRank(inOpen));

        assertThat(fingerprints.idOf(TYPE, "gc", inOpen)).isNotEqualTo(fingerprints.idOf(TYPE, "gc", inOther));
    }

    @Test
    void moreLinesAboveASiteLeaveItsIdAlone() {
        String name = "com.acme.Store";
        Frame before = renamed(frameOf(Sites.open()[1]), name);
        Frame after = renamed(frameOf(SitesAfterAnEdit.open()[1]), name);
        assertThat(after.lineNumber()).isNotEqualTo(before.lineNumber());

        String idBefore = new Fingerprints(n -> serving(Sites.class)).idOf(TYPE, "gc", before);
        String idAfter = new Fingerprints(n -> serving(SitesAfterAnEdit.class)).idOf(TYPE, "gc", after);

        assertThat(idAfter).isEqualTo(idBefore);
    }

    @Test
    void theTypeAndTheKindArePartOfTheId() {
        Frame site = frameOf(Sites.open()[0]);

        assertThat(fingerprints.idOf(TYPE, "gc", site)).isNotEqualTo(fingerprints.idOf(TYPE, "exit", site));
        assertThat(fingerprints.idOf(TYPE, "gc", site)).isNotEqualTo(fingerprints.idOf("java.net.Socket", "gc", site));
    }

    @Test
    void withoutAClassFileTheRawLineNumberNamesTheSite() {
        Fingerprints unreadable = new Fingerprints(name -> new ClassLoader(null) {
        });
        Frame line10 = new Frame("com.acme.Gone", "load", "Gone.java", 10);
        Frame line11 = new Frame("com.acme.Gone", "load", "Gone.java", 11);

        assertThat(unreadable.lineRank(line10)).isEqualTo(-1);
        assertThat(unreadable.idOf(TYPE, "gc", line10)).isEqualTo(unreadable.idOf(TYPE, "gc", line10));
        assertThat(unreadable.idOf(TYPE, "gc", line10)).isNotEqualTo(unreadable.idOf(TYPE, "gc", line11));
    }

    @Test
    void aLineThatIsNotInTheMethodHasNoRank() {
        Frame site = frameOf(Sites.open()[0]);

        assertThat(fingerprints.lineRank(new Frame(site.className(), site.methodName(), site.fileName(), 1))).isEqualTo(-1);
        assertThat(fingerprints.lineRank(new Frame(site.className(), site.methodName(), site.fileName(), 0))).isEqualTo(-1);
    }

    @Test
    void withoutASiteTheIdDependsOnTypeAndKindOnly() {
        assertThat(fingerprints.idOf(TYPE, "gc", null)).isEqualTo(fingerprints.idOf(TYPE, "gc", null));
        assertThat(fingerprints.idOf(TYPE, "gc", null)).isNotEqualTo(fingerprints.idOf(TYPE, "exit", null));
        assertThat(fingerprints.idOf(TYPE, "gc", null)).isNotEqualTo(fingerprints.idOf(TYPE, "gc", frameOf(Sites.other())));
    }
}
