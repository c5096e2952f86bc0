package example.suite;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * Each test leaks (or not) from the one shared helper, in its own thread, a thread it starts, a pooled thread
 * another test started, the common ForkJoinPool and a CompletableFuture: the report must blame exactly the tests
 * that leaked, whatever thread the leaking code ran on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LeaksInTestsAndTheirTasks {

    /** One worker, started by the first test that submits: later tests' tasks run on a thread it started. */
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task);
        thread.setDaemon(true); // the JVM ends without waiting for it
        return thread;
    });
    private static Path file;
    private static InputStream heldByTheClass;

    @BeforeAll
    static void openWhatTheClassHolds() {
        file = SampleFiles.file();
        heldByTheClass = SampleFiles.open(file); // never closed: still open at exit, the class's
    }

    @Test
    @Order(1)
    void closesInAPooledThread() throws Exception {
        POOL.submit(() -> SampleFiles.close(SampleFiles.open(file))).get();
    }

    @Test
    @Order(2)
    void leaksInAPooledThreadAnotherTestStarted() throws Exception {
        POOL.submit(() -> SampleFiles.open(file)).get();
        collect();
    }

    @Test
    @Order(3)
    void closesItsOwn() {
        SampleFiles.close(SampleFiles.open(file));
    }

    @Test
    @Order(4)
    void leaksItsOwn() {
        SampleFiles.open(file);
        collect();
    }

    @Test
    @Order(5)
    void leaksInAThreadItStarts() throws Exception {
        Thread thread = new Thread(() -> SampleFiles.open(file));
        thread.start();
        thread.join();
        collect();
    }

    @Test
    @Order(6)
    void leaksInTheCommonPool() {
        ForkJoinPool.commonPool().submit(() -> SampleFiles.open(file)).join();
        collect();
    }

    @Test
    @Order(7)
    void leaksInACompletableFuture() {
        CompletableFuture.supplyAsync(() -> SampleFiles.open(file)).join();
        collect();
    }

    @Test
    @Order(8)
    void closesInACompletableFuture() {
        CompletableFuture.supplyAsync(() -> SampleFiles.open(file)).thenAccept(SampleFiles::close).join();
        collect();
    }

    /** Leaks are found when collected: a test's leaks are collected before the next test starts, for a stable count. */
    static void collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
