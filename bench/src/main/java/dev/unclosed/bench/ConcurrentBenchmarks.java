package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.concurrent.TimeUnit;

/**
 * Four threads opening and closing at once, each cycling through a mix of closeables: two file streams, a reader
 * chain over a file, a reader chain in memory. Contention in the tracker (a global lock, a shared counter on the
 * hot path) would show here and not in the single-threaded benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConcurrentBenchmarks {

    @State(Scope.Thread)
    public static class Turn {
        int next;
        final String text = "first line of an in-memory text\nsecond line\n";
    }

    @Benchmark
    @Threads(4)
    public int openCloseMix(SmallFile file, ReadBuffer buffer, Turn turn) throws IOException {
        switch (turn.next++ & 3) {
            case 0:
            case 1:
                try (FileInputStream in = new FileInputStream(file.file)) {
                    return in.read(buffer.bytes);
                }
            case 2:
                try (BufferedReader reader = new BufferedReader(new FileReader(file.file))) {
                    return reader.readLine().length();
                }
            default:
                try (BufferedReader reader = new BufferedReader(new StringReader(turn.text))) {
                    return reader.readLine().length();
                }
        }
    }
}
