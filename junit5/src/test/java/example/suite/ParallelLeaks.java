package example.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Eight tests that run at the same time, on eight threads, each opening a file through the same helper; two of them
 * drop it. Exactly those two must be blamed.
 */
@Execution(ExecutionMode.CONCURRENT)
public class ParallelLeaks {

    private static final Path FILE = SampleFiles.file();
    /** Holds every test until all eight run: they overlap for sure. */
    private static final CyclicBarrier ALL_RUNNING = new CyclicBarrier(8);

    private static void open(boolean leak) throws Exception {
        ALL_RUNNING.await(20, TimeUnit.SECONDS);
        InputStream in = SampleFiles.open(FILE);
        ALL_RUNNING.await(20, TimeUnit.SECONDS);
        if (!leak) {
            in.close();
        }
    }

    @Test void test1() throws Exception { open(false); }
    @Test void test2() throws Exception { open(false); }
    @Test void test3() throws Exception { open(true); }
    @Test void test4() throws Exception { open(false); }
    @Test void test5() throws Exception { open(false); }
    @Test void test6() throws Exception { open(true); }
    @Test void test7() throws Exception { open(false); }
    @Test void test8() throws Exception { open(false); }
}
