package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** A small text file (1 KiB, 16 lines) that the file benchmarks open over and over; it stays in the page cache. */
@State(Scope.Benchmark)
public class SmallFile {

    public static final int SIZE = 1024;

    public File file;

    @Setup(Level.Trial)
    public void create() throws IOException {
        file = File.createTempFile("unclosed-bench-", ".txt");
        StringBuilder text = new StringBuilder(SIZE);
        while (text.length() < SIZE) {
            text.append("a line of a small file to read!\n"); // 32 characters
        }
        Files.writeString(file.toPath(), text, StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file.toPath());
    }
}
