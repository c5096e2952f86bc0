package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.lang.ref.ReferenceQueue;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Linking loaders to their jars end to end is in ClassLoadingIT; here, what it costs to remember loaders. */
class ClassLoaderJarsTest {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    @Test
    void aURLClassLoaderIsTrackedFromItsConstructorForTheJarsItOpensLater() {
        ClassLoaderJars jars = new ClassLoaderJars();

        assertThat(jars.opensJarsLater(new URLClassLoader(new URL[0]))).isTrue();
        assertThat(jars.opensJarsLater(new Object())).isFalse();
    }

    @Test
    void anOpenLoaderIsRememberedWithItsClassPath() throws Exception {
        ClassLoaderJars jars = new ClassLoaderJars();
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            jars.tracked(loader, new TrackedResource(loader, queue, System.identityHashCode(loader), false, null, false, 0, "main", 1, null));

            assertThat(jars.remembered()).isEqualTo(1);
        }
    }

    @Test
    void closedLoadersAreForgottenSoThatManyShortLivedLoadersCostNothingLasting() throws Exception {
        ClassLoaderJars jars = new ClassLoaderJars();
        List<URLClassLoader> alive = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            URLClassLoader loader = new URLClassLoader(new URL[0]);
            alive.add(loader);
            TrackedResource record = new TrackedResource(loader, queue, System.identityHashCode(loader), false, null, false, 0, "main", i, null);
            jars.tracked(loader, record);
            record.state = TrackedResource.CLOSED;
            loader.close();
        }

        assertThat(jars.remembered()).isLessThanOrEqualTo(64);
    }
}
