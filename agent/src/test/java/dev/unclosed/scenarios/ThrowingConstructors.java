package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileReader;
import java.io.RandomAccessFile;

/** Constructors that throw (missing files) leave nothing open and nothing to report. */
public class ThrowingConstructors {
    public static void main(String[] args) throws Exception {
        File missing = new File("no-such-dir/missing.txt");
        for (int i = 0; i < 3; i++) {
            try {
                new FileInputStream(missing);
            } catch (FileNotFoundException expected) {
                // the stream never existed
            }
            try {
                new RandomAccessFile(missing, "r");
            } catch (FileNotFoundException expected) {
                // nor did this one
            }
            try {
                new FileReader(missing);
            } catch (FileNotFoundException expected) {
                // nor this reader
            }
        }
    }
}
