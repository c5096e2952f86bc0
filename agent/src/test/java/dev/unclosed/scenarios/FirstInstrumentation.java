package dev.unclosed.scenarios;

/**
 * Loads a class that opens a file, between two marker classes, in a JVM whose closeables all came instrumented from
 * the agent's cache: a class no earlier JVM saw, it is the first the agent instruments with ASM, and the classes
 * ASM's writing side needs load in the middle of its transformation. The markers show which ones in the class
 * loading log. args[0]: the class to load (its static initializer opens the file).
 */
public class FirstInstrumentation {

    public static void main(String[] args) throws Exception {
        Class.forName(Before.class.getName());
        Class.forName(args[0]);
        Class.forName(After.class.getName());
    }

    static final class Before {
    }

    static final class After {
    }
}
