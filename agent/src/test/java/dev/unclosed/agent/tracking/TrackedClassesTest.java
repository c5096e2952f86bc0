package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrackedClassesTest {

    private final TrackedClasses classes = new TrackedClasses();

    @Test
    void noClassMayHoldTrackedObjectsBeforeAnyIsMarked() {
        assertThat(classes.mayHold(FileInputStream.class)).isFalse();
        assertThat(classes.mayHold(StringReader.class)).isFalse();
    }

    @Test
    void aMarkedClassMayHoldTrackedObjectsForGood() {
        classes.mark(FileInputStream.class);
        classes.mark(FileInputStream.class);

        assertThat(classes.mayHold(FileInputStream.class)).isTrue();
    }

    @Test
    void mostUnmarkedClassesAreToldApartFromAFewMarkedOnes() {
        List<Class<?>> marked = List.of(FileInputStream.class, ByteArrayInputStream.class, StringReader.class);
        marked.forEach(classes::mark);
        List<Class<?>> others = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {String.class, Integer.class, Long.class, Thread.class, List.class,
                ArrayList.class, Object.class, Class.class, Runnable.class, Exception.class, Error.class,
                StringBuilder.class, Math.class, System.class, Runtime.class, Character.class}) {
            if (!classes.mayHold(c)) {
                others.add(c);
            }
        }

        assertThat(marked).allMatch(classes::mayHold);
        // Classes share a bit only by their identity hashes' chance: 3 of 1,024 bits set leave nearly all unmarked.
        assertThat(others).hasSizeGreaterThanOrEqualTo(13);
    }
}
