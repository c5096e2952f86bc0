package dev.unclosed.scenarios;

import java.io.FileInputStream;

/** Main ends with an uncaught exception while a stream is still open. */
public class ThrowsFromMain {
    static FileInputStream held;

    public static void main(String[] args) throws Exception {
        held = new FileInputStream(Scratch.file("data.txt")); // @leak held
        throw new IllegalStateException("the scenario fails on purpose");
    }
}
