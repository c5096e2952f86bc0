package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/** User classes that own a stream: reported as themselves, once, at the line that created them. */
public class OwningClasses {

    /** Opens its file in the constructor and relies on the collector. */
    public static class FileHandler implements Closeable {
        private final FileInputStream in;

        public FileHandler(File file) throws IOException {
            in = new FileInputStream(file);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** AutoCloseable but not Closeable, like a JDBC connection. */
    public static class Session implements AutoCloseable {
        private final FileInputStream journal;

        public Session(File file) throws IOException {
            journal = new FileInputStream(file);
        }

        @Override
        public void close() throws IOException {
            journal.close();
        }
    }

    /** Its close() forgets the stream: closing the owner leaves the stream to be judged on its own. */
    public static class ForgetfulReader implements Closeable {
        private final FileInputStream in;

        public ForgetfulReader(File file) throws IOException {
            in = new FileInputStream(file); // @leak forgotten
        }

        @Override
        public void close() {
            // forgets in.close()
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        new FileHandler(file); // @leak handler
        new Session(file); // @leak session
        new ForgetfulReader(file).close();
        try (FileHandler closed = new FileHandler(file)) {
            closed.hashCode();
        }
    }
}
