package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.util.UUID;

/**
 * A random UUID, which has SecureRandom open /dev/urandom for the JVM's life, then the end; with {@code drop}, also
 * a FileInputStream dropped just before it, for the final sweep to find.
 */
public class SecureRandomThenExit {
    public static void main(String[] args) throws Exception {
        System.out.println(UUID.randomUUID());
        if (args.length > 0 && args[0].equals("drop")) {
            new FileInputStream(Scratch.file("data.txt")).read(); // @leak dropped
        }
    }
}
