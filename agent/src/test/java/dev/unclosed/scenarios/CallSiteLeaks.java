package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * Two {@code new FileInputStream} lines in one method, each reached many times from two callers: every object
 * shares its call site's stack, yet each line is its own finding with its own count.
 */
public class CallSiteLeaks {
    static void open(File file, boolean byName) throws IOException {
        FileInputStream in;
        if (byName) {
            in = new FileInputStream(file.getPath()); // @leak byName
        } else {
            in = new FileInputStream(file); // @leak byFile
        }
        in.read();
    }

    static void first(File file) throws IOException {
        for (int i = 0; i < 100; i++) {
            open(file, false);
        }
        for (int i = 0; i < 50; i++) {
            open(file, true);
        }
    }

    static void second(File file) throws IOException {
        for (int i = 0; i < 30; i++) {
            open(file, true);
        }
        for (int i = 0; i < 70; i++) {
            open(file, false);
        }
        try (FileInputStream closed = new FileInputStream(file)) {
            closed.read();
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        first(file);
        second(file);
        first(file);
    }
}
