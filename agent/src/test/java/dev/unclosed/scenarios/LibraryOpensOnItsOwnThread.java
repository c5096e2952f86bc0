package dev.unclosed.scenarios;

import dev.unclosed.library.Opener;

import java.io.File;

/** A library opens a file on a thread of its own and drops it: no frame of that thread is the application's. */
public class LibraryOpensOnItsOwnThread {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        Opener.openOnAThread(file).join();
    }
}
