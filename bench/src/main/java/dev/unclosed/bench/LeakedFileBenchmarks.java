package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * FileInputStreams opened, read and dropped without close(): the JDK's Cleaner closes each descriptor once the
 * stream is collected, and the agent reports each as a {@code gc} leak from its reaper thread.
 *
 * <p>Each call reads into a fresh buffer, as a loop that loads files does, and the young generation is kept
 * small: together they make collections come often enough to return the descriptors before the process runs out
 * of them (the limit here is 20,000). Both runs get the same heap settings.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmn4m"})
public class LeakedFileBenchmarks {

    @Benchmark
    @SuppressWarnings("resource") // the leak is the point
    public byte[] leakedFileInputStream(SmallFile file) throws IOException {
        FileInputStream in = new FileInputStream(file.file);
        byte[] content = new byte[SmallFile.SIZE];
        in.read(content);
        return content;
    }
}
