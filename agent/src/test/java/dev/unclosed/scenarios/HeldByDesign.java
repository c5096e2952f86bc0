package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Handles held for the JVM's lifetime by design: the JDK's (SecureRandom's /dev/urandom behind createTempFile,
 * jars opened by class loading) and one a static initializer keeps. Not reported unless strict.
 */
public class HeldByDesign {

    static final class Registry {
        static final FileInputStream CATALOG = open();

        static FileInputStream open() {
            try {
                return new FileInputStream(Scratch.file("catalog.txt")); // @leak catalog
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        File temp = File.createTempFile("unclosed", ".tmp");
        temp.deleteOnExit();
        Registry.CATALOG.read();
        if (args.length > 0) {
            // a class from a jar on the class path: the class loader opens the jar and keeps it
            Class.forName(args[0]).getDeclaredConstructor().newInstance();
        }
    }
}
