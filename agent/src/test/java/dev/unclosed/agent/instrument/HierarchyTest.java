package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding a class from its jar's index alone: when the jar and the JDK decide it, and what a class left so
 * expects of its supertypes. Each test has classes of its own package: what is read ahead is known to every loader.
 */
class HierarchyTest {

    private static final int PUBLIC = 1;

    private final Hierarchy hierarchy = new Hierarchy(HierarchyTest.class.getClassLoader(),
            new Hierarchy(null, null, null, true), null, false);

    private static HeaderIndex jar(String name) {
        return new HeaderIndex("/libs/" + name + ".jar", 1, 1, true, 7, new ConcurrentHashMap<>());
    }

    private static Hierarchy.Header header(String superName, String... interfaces) {
        return new Hierarchy.Header(PUBLIC, superName, interfaces);
    }

    @Test
    void aClassWhoseSupertypesAreAllInItsJarOrTheJdkIsDecidedThere() {
        HeaderIndex jar = jar("within");
        jar.put("within/Base", 1, header("java/lang/Object", "within/Marker"));
        jar.put("within/Marker", 2, new Hierarchy.Header(PUBLIC | 0x0200 | 0x0400, "java/lang/Object", new String[0]));

        assertThat(hierarchy.supertypesWithin(header("within/Base", "java/io/Serializable"), jar)).isTrue();
    }

    @Test
    void aSupertypeFromAnotherJarMeansTheJarAloneDoesNotDecide() {
        HeaderIndex jar = jar("outside");
        jar.put("outside/Base", 1, header("elsewhere/Root"));

        assertThat(hierarchy.supertypesWithin(header("outside/Base"), jar)).isFalse();
    }

    @Test
    void aSupertypeKnownFromOtherBytesMeansTheJarAloneDoesNotDecide() {
        HeaderIndex jar = jar("other");
        jar.put("other/Base", 1, header("java/lang/Object"));
        hierarchy.loaded("other/Base", header("java/lang/Object", "java/io/Closeable"), 2, null);

        assertThat(hierarchy.supertypesWithin(header("other/Base"), jar)).isFalse();
    }

    @Test
    void aClassLeftAsIndexedExpectsItsSupertypeFromTheSameJar() {
        HeaderIndex jar = jar("expects");
        jar.put("expects/Base", 1, header("java/lang/Object"));
        jar.put("expects/Handle", 2, header("expects/Base"));

        assertThat(hierarchy.loadedAsIndexed("expects/Handle", jar.get("expects/Handle"), jar)).isTrue();

        assertThat(hierarchy.loaded("expects/Base", header("java/lang/Object", "java/io/Closeable"), 3, null))
                .as("the supertype defined from other bytes contradicts what the class was left on").isTrue();
    }

    @Test
    void aClassLeftAsIndexedWhoseSupertypeLoadsFromTheSameBytesContradictsNothing() {
        HeaderIndex jar = jar("agrees");
        jar.put("agrees/Base", 1, header("java/lang/Object"));
        jar.put("agrees/Handle", 2, header("agrees/Base"));

        assertThat(hierarchy.loadedAsIndexed("agrees/Handle", jar.get("agrees/Handle"), jar)).isTrue();

        assertThat(hierarchy.loaded("agrees/Base", header("java/lang/Object"), 1, jar)).isFalse();
    }

    @Test
    void aClassWhoseSupertypeLoadedFromOtherBytesIsNotLeftAsIndexed() {
        HeaderIndex jar = jar("refused");
        jar.put("refused/Base", 1, header("java/lang/Object"));
        jar.put("refused/Handle", 2, header("refused/Base"));
        hierarchy.loaded("refused/Base", header("java/lang/Object", "java/io/Closeable"), 3, null);

        assertThat(hierarchy.loadedAsIndexed("refused/Handle", jar.get("refused/Handle"), jar)).isFalse();
    }

    @Test
    void aClassKnownFromOtherBytesIsNotLeftAsIndexed() {
        HeaderIndex jar = jar("itself");
        jar.put("itself/Handle", 2, header("java/lang/Object"));
        hierarchy.loaded("itself/Handle", header("java/lang/Object"), 4, null);

        assertThat(hierarchy.loadedAsIndexed("itself/Handle", jar.get("itself/Handle"), jar)).isFalse();
    }

    @Test
    void whatAClassExtendsIsAnsweredForEachTypeApart() {
        hierarchy.loaded("apart/Pool", new Hierarchy.Header(PUBLIC | 0x0200 | 0x0400, "java/lang/Object", new String[0]), 1, null);
        hierarchy.loaded("apart/Handle", header("java/lang/Object", "apart/Pool"), 2, null);

        assertThat(hierarchy.isSubtypeOf("apart/Handle", "apart/Pool")).isTrue();
        assertThat(hierarchy.isSubtypeOf("apart/Handle", "apart/Lock")).isFalse();
        assertThat(hierarchy.isSubtypeOf(header("apart/Handle"), "apart/Pool")).isTrue();
        assertThat(hierarchy.isSubtypeOf(header("apart/Handle"), "apart/Lock")).isFalse();
    }

    @Test
    void aSupertypeReadAgainChangesTheAnswerAboutAnyTypeAsked() {
        hierarchy.loaded("again/Base", header("java/lang/Object"), 1, null);
        hierarchy.loaded("again/Handle", header("again/Base"), 2, null);
        assertThat(hierarchy.isSubtypeOf("again/Handle", "again/Pool")).isFalse();

        hierarchy.forget("again/Base"); // its read ahead was contradicted
        hierarchy.loaded("again/Base", header("java/lang/Object", "again/Pool"), 3, null);

        assertThat(hierarchy.isSubtypeOf("again/Handle", "again/Pool")).isTrue();
    }
}
