package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.concurrent.TimeUnit;

/**
 * Closeables that hold no operating-system resource, created and dropped without close(), as parsers and codecs
 * do all day. The agent instruments their constructors but, by default, never tracks them: what this measures is
 * the cost of deciding that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class InMemoryBenchmarks {

    private final byte[] bytes = new byte[256];
    private final byte[] into = new byte[64];
    private final String text = "first line of an in-memory text\nsecond line\n";

    /*
     * Each stream is handed to the Blackhole so that it escapes in both runs: without that, escape analysis
     * could remove the allocation only in the run without the agent (whose hook makes it escape), and the
     * ratio would measure a benchmark artefact rather than what real code, which passes streams around, pays.
     */

    @Benchmark
    public int byteArrayInputStream(Blackhole blackhole) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        blackhole.consume(in);
        return in.read(into, 0, into.length);
    }

    @Benchmark
    public String stringReaderChain(Blackhole blackhole) throws IOException {
        BufferedReader reader = new BufferedReader(new StringReader(text));
        blackhole.consume(reader);
        return reader.readLine();
    }
}
