package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.lang.ref.Cleaner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CleanupThreadsTest {

    /** Runs isCurrent() in finalize(). */
    private static final class Finalizable {
        final CompletableFuture<Boolean> answer;

        Finalizable(CompletableFuture<Boolean> answer) {
            this.answer = answer;
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            answer.complete(CleanupThreads.isCurrent());
        }
    }

    @Test
    void anApplicationThreadDoesNotRunCleanup() throws Exception {
        assertThat(CleanupThreads.isCurrent()).isFalse();
        CompletableFuture<Boolean> daemon = new CompletableFuture<>();
        Thread thread = new Thread(() -> daemon.complete(CleanupThreads.isCurrent()));
        thread.setDaemon(true);
        thread.start();
        assertThat(daemon.get(10, TimeUnit.SECONDS)).as("a daemon thread").isFalse();
    }

    @Test
    void theFinalizerThreadRunsCleanup() throws Exception {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        dropFinalizable(answer);
        for (int i = 0; i < 100 && !answer.isDone(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void dropFinalizable(CompletableFuture<Boolean> answer) {
        new Finalizable(answer);
    }

    @Test
    void aCleanersThreadRunsCleanupWhateverFactoryMadeIt() throws Exception {
        for (Cleaner cleaner : new Cleaner[]{Cleaner.create(), Cleaner.create(task -> new Thread(task, "mine"))}) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            registerDropped(cleaner, answer);
            for (int i = 0; i < 100 && !answer.isDone(); i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void registerDropped(Cleaner cleaner, CompletableFuture<Boolean> answer) {
        cleaner.register(new Object(), () -> answer.complete(CleanupThreads.isCurrent()));
    }

    @Test
    void aCleanableThatTheApplicationCleansRunsOnItsOwnThread() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Object owner = new Object();
        Cleaner.create().register(owner, () -> answer.complete(CleanupThreads.isCurrent())).clean();

        assertThat(answer.join()).isFalse();
    }
}
