package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileReader;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Constructions that throw half-way (announced call sites whose constructors never finish), then leaks made
 * elsewhere: each leak is found at its own line, never at a line whose construction failed.
 */
public class LeaksAfterThrowingConstructors {
    public static void main(String[] args) throws Exception {
        File missing = new File("no-such-dir/missing.txt");
        File file = Scratch.file("data.txt");
        for (int i = 0; i < 3; i++) {
            try {
                new FileReader(missing);
            } catch (FileNotFoundException expected) {
                // FileReader's own FileInputStream threw
            }
            InputStream byFactory = Files.newInputStream(file.toPath()); // @leak factory
            byFactory.read();
            try {
                new FileInputStream(missing);
            } catch (FileNotFoundException expected) {
                // never existed
            }
            FileInputStream direct = new FileInputStream(file); // @leak direct
            direct.read();
        }
    }
}
