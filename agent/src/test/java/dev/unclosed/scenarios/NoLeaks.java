package dev.unclosed.scenarios;

import java.io.FileInputStream;

/** One file opened and closed: nothing leaks. */
public class NoLeaks {
    public static void main(String[] args) throws Exception {
        try (FileInputStream in = new FileInputStream(Scratch.file("data.txt"))) {
            in.read();
        }
    }
}
