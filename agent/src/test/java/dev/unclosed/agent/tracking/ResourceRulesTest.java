package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceRulesTest {

    @Test
    void pipelinesExecutorsAndFileLocksAreNeverTracked() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            assertThat(ResourceRules.isNeverTracked(Stream.of(1).getClass())).isTrue();
            assertThat(ResourceRules.isNeverTracked(executor.getClass())).isTrue();
            assertThat(ResourceRules.isNeverTracked(LockOfItsOwn.class)).isTrue();
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void aStreamOfBytesIsNotOfThem() {
        assertThat(ResourceRules.isNeverTracked(FileInputStream.class)).isFalse();
        assertThat(ResourceRules.isNeverTracked(FileChannel.class)).isFalse();
    }

    @Test
    void everyTypeTheInstrumentationLeavesAloneIsNeverTrackedOnceLoaded() throws Exception {
        for (String name : ResourceRules.neverTrackedTypes()) {
            assertThat(ResourceRules.isNeverTracked(Class.forName(name))).as(name).isTrue();
        }
    }

    private static final class LockOfItsOwn extends FileLock {
        LockOfItsOwn() {
            super((FileChannel) null, 0, 1, false);
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public void release() {
        }
    }
}
