package dev.unclosed.demo;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Opens its file in the constructor and has a close() that nobody calls: the classic leak that leans on the
 * collector, like Python code that trusts __del__ to close its files.
 */
public class FileHandler implements Closeable {

    private final FileInputStream in;

    public FileHandler(Path file) throws IOException {
        this.in = new FileInputStream(file.toFile());
    }

    public String firstLine() throws IOException {
        byte[] buffer = new byte[256];
        int n = in.read(buffer);
        String text = new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
