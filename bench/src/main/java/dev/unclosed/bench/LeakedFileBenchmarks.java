package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * FileInputStreams opened, read and dropped without close(): the JDK's Cleaner closes each descriptor once the
 * stream is collected, and the agent reports each as a {@code gc} leak from its reaper thread.
 *
 * <p>Each call reads into a fresh buffer, as a loop that loads files does, and the young generation is kept
 * small: together they make collections come often enough to return the descriptors before the process runs out
 * of them (the limit here is 20,000). Both runs get the same heap settings. Even so, on a loaded machine the
 * single Cleaner thread that closes collected descriptors gets too little CPU and falls behind by that much
 * (seen at load average 6 on 2 cores); then the call waits for it, for up to 10 s, and that wait counts in its
 * time, as it would for the application.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmn4m"})
public class LeakedFileBenchmarks {

    @Benchmark
    @SuppressWarnings("resource") // the leak is the point
    public byte[] leakedFileInputStream(SmallFile file) throws IOException, InterruptedException {
        FileInputStream in = null;
        long deadline = 0; // set on the first failure only, so the common path reads no clock
        while (in == null) {
            try {
                in = new FileInputStream(file.file);
            } catch (FileNotFoundException e) {
                if (deadline == 0) {
                    deadline = System.nanoTime() + 10_000_000_000L;
                }
                if (e.getMessage() == null || !e.getMessage().contains("Too many open files")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                System.gc();
                Thread.sleep(20); // lets the Cleaner catch up with the descriptors collections have freed
            }
        }
        byte[] content = new byte[SmallFile.SIZE];
        in.read(content);
        return content;
    }
}
