package dev.unclosed.launcher;

import dev.unclosed.scenarios.LibraryCalls;

/** A main class in a jar of its own that runs an application's code from another jar. */
public final class Launch {

    private Launch() {
    }

    public static void main(String[] args) throws Exception {
        LibraryCalls.main(args); // @leak launched
    }
}
