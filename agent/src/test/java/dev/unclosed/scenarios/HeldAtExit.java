package dev.unclosed.scenarios;

import java.io.FileInputStream;

/** A stream held in a static field when the JVM exits: still open, kind exit. */
public class HeldAtExit {
    static FileInputStream held;

    public static void main(String[] args) throws Exception {
        held = new FileInputStream(Scratch.file("data.txt")); // @leak held
        held.read();
    }
}
