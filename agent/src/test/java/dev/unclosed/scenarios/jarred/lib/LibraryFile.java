package dev.unclosed.scenarios.jarred.lib;

import java.io.FileInputStream;
import java.io.IOException;

/** A library class, in a jar of its own on the class path, loaded once the application is well under way. */
public class LibraryFile extends LibraryBase {
    private final FileInputStream in;

    public LibraryFile(String file) throws IOException {
        in = new FileInputStream(file);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
