package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/** A constructor opens a stream, then throws without closing it: the owner never existed, the stream leaks. */
public class ConstructorOpensThenThrows {

    static class Config implements Closeable {
        private final FileInputStream in;

        Config(File file) throws IOException {
            in = new FileInputStream(file); // @leak opened
            if (in.read() >= 0) {
                throw new IOException("bad config");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        try {
            new Config(file);
        } catch (IOException expected) {
            // the Config never existed; its stream did
        }
    }
}
