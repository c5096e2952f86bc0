package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.io.IOException;

/**
 * Loads a class that opens a file, between two marker classes, in a JVM whose closeables all came instrumented from
 * the agent's cache: that class is the first the agent instruments with ASM, and the classes ASM's writing side
 * needs load in the middle of its transformation. The markers show which ones in the class loading log. args[0]: a
 * file to open.
 */
public class FirstInstrumentation {

    public static void main(String[] args) throws Exception {
        Class.forName(Before.class.getName());
        Opener.open(args[0]);
        Class.forName(After.class.getName());
    }

    static final class Before {
    }

    static final class Opener {
        static void open(String file) throws IOException {
            try (FileInputStream in = new FileInputStream(file)) {
                in.read();
            }
        }
    }

    static final class After {
    }
}
