package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderCacheTest {

    @TempDir
    Path cache;

    private File file(String name, long modified) throws Exception {
        File file = Files.writeString(cache.resolve(name), "x").toFile();
        assertThat(file.setLastModified(modified)).isTrue();
        return file;
    }

    private String[] names() {
        String[] names = cache.toFile().list();
        Arrays.sort(names);
        return names;
    }

    @Test
    void beyondTheLimitTheLeastRecentlyWrittenIndexesGo() throws Exception {
        long now = 1_000_000_000_000L;
        for (int i = 1; i <= 5; i++) {
            file("jar" + i + ".idx", now - 1000L * (10 - i)); // jar1 the oldest
        }
        file("instrumented-abc", now - 999_999);

        HeaderCache.prune(cache.toFile(), ".idx", 3, now);

        assertThat(names()).containsExactly("instrumented-abc", "jar3.idx", "jar4.idx", "jar5.idx");
    }

    @Test
    void withinTheLimitNoIndexGoes() throws Exception {
        long now = 1_000_000_000_000L;
        file("a.idx", now - 5000);
        file("b.idx", now - 4000);

        HeaderCache.prune(cache.toFile(), ".idx", 3, now);

        assertThat(names()).containsExactly("a.idx", "b.idx");
    }

    @Test
    void temporaryFilesOfKilledJvmsGoOnceStale() throws Exception {
        long now = 1_000_000_000_000L;
        file("a.idx.123.tmp", now - 2 * 60 * 60 * 1000L);
        file("b.idx.456.tmp", now - 1000);

        HeaderCache.prune(cache.toFile(), ".idx", 3, now);

        assertThat(names()).as("one still being written, maybe").containsExactly("b.idx.456.tmp");
    }

    @Test
    void anIndexFileIsNamedAfterItsJarInPortableCharacters() {
        for (String name : new String[] {"h2-2.3.232.jar", "my lib (copy).jar", "ünïcode_ok-1.jar", "a\\b:c.jar", ""}) {
            assertThat(HeaderCache.safeFileName(name)).as(name).isEqualTo(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        }
    }
}
