package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Files opened, read and closed properly: the common case, which the agent tracks from open to close. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileBenchmarks {

    /** One tracked resource, one allocation stack, one close. */
    @Benchmark
    public int openReadClose(SmallFile file, ReadBuffer buffer) throws IOException {
        try (FileInputStream in = new FileInputStream(file.file)) {
            return in.read(buffer.bytes);
        }
    }

    /**
     * A chain of closeables built in one expression (BufferedReader, FileReader, its StreamDecoder and
     * FileInputStream), which the agent ties together by ownership; closing the outermost closes them all.
     */
    @Benchmark
    public String readerChain(SmallFile file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new FileReader(file.file))) {
            return reader.readLine();
        }
    }
}
