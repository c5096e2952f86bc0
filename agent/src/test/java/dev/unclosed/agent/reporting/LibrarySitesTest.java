package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A site is the application's frame, past the library (and the JDK under it) that created the object. */
class LibrarySitesTest {

    private static final Set<String> LIBRARIES = Set.of("org.h2.Driver", "org.h2.jdbc.JdbcConnection", "org.lib.Files");
    private static final Predicate<String> LIBRARY = LIBRARIES::contains;

    private static StackTraceElement at(String className, String method) {
        return new StackTraceElement(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", 10);
    }

    private static StackTraceElement inModule(String module, String className, String method) {
        return new StackTraceElement(null, module, null, className, method, null, 10);
    }

    private static AllocationStack decode(Class<?> type, Predicate<String> libraries, StackTraceElement... frames) {
        Throwable allocation = new Throwable();
        allocation.setStackTrace(frames);
        return AllocationStack.decode(allocation, type, 32, false, libraries);
    }

    @Test
    void theSiteIsTheApplicationsCallOfTheLibraryNotTheLibrarysLine() {
        AllocationStack stack = decode(FileInputStream.class, LIBRARY,
                inModule("java.base", "java.io.FileInputStream", "<init>"), at("org.lib.Files", "open"),
                at("com.acme.Store", "load"), at("com.acme.Main", "main"));

        assertThat(stack.site()).isEqualTo(new Frame("com.acme.Store", "load", "Store.java", 10));
        assertThat(stack.siteIndex()).isEqualTo(2);
    }

    @Test
    void jdkFramesBetweenTheApplicationAndTheLibraryAreSkippedToo() {
        AllocationStack stack = decode(FileInputStream.class, LIBRARY,
                at("org.h2.jdbc.JdbcConnection", "<init>"), at("org.h2.Driver", "connect"),
                inModule("java.sql", "java.sql.DriverManager", "getConnection"), at("com.acme.Dao", "connect"));

        assertThat(stack.site().className()).isEqualTo("com.acme.Dao");
    }

    @Test
    void withoutAnApplicationFrameTheSiteIsTheFirstFrameOutsideTheJdk() {
        AllocationStack stack = decode(FileInputStream.class, LIBRARY,
                inModule("java.base", "java.io.FileInputStream", "<init>"), at("org.lib.Files", "open"),
                at("org.h2.Driver", "connect"), inModule("java.base", "java.lang.Thread", "run"));

        assertThat(stack.site().className()).isEqualTo("org.lib.Files");
        assertThat(stack.heldByJdk()).isFalse();
    }

    @Test
    void withoutLibrariesTheSiteIsTheFirstFrameOutsideTheJdk() {
        AllocationStack stack = decode(FileInputStream.class, null,
                inModule("java.base", "java.io.FileInputStream", "<init>"), at("org.lib.Files", "open"),
                at("com.acme.Main", "main"));

        assertThat(stack.site().className()).isEqualTo("org.lib.Files");
    }

    @Test
    void theKeptFramesStillStartAtTheAllocation() {
        AllocationStack stack = decode(FileInputStream.class, LIBRARY,
                inModule("java.base", "java.io.FileInputStream", "<init>"), at("org.lib.Files", "open"),
                at("com.acme.Main", "main"));

        assertThat(stack.frames()).extracting(Frame::className)
                .containsExactly("java.io.FileInputStream", "org.lib.Files", "com.acme.Main");
    }
}
