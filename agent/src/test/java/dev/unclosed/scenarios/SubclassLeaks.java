package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/** A user subclass of FileInputStream and a subclass of that: one finding each, of the subclass's type. */
public class SubclassLeaks {

    public static class CountingInputStream extends FileInputStream {
        int count;

        public CountingInputStream(File file) throws IOException {
            super(file); // @leak superCall
            count = 0;
        }

        @Override
        public int read() throws IOException {
            count++;
            return super.read();
        }
    }

    public static class TracingInputStream extends CountingInputStream {
        public TracingInputStream(File file) throws IOException {
            this(file, "trace");
        }

        TracingInputStream(File file, String label) throws IOException {
            super(file);
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        new CountingInputStream(file).read(); // @leak counting
        new TracingInputStream(file).read(); // @leak tracing
    }
}
