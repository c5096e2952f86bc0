package dev.unclosed.scenarios;

import dev.unclosed.library.Opener;

import java.io.File;
import java.io.FileInputStream;

/** Two calls of a library method that opens a file for its caller, each stream dropped without close(). */
public class LibraryCalls {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        FileInputStream first = Opener.open(file); // @leak first
        first.read();
        FileInputStream second = Opener.open(file); // @leak second
        second.read();
    }
}
