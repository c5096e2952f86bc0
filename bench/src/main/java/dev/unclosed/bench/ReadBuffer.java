package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread destination for reads, so the benchmarks measure opening and closing, not allocating buffers. */
@State(Scope.Thread)
public class ReadBuffer {
    public final byte[] bytes = new byte[SmallFile.SIZE];
}
