package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.RandomAccessFile;

/** A FileInputStream and a RandomAccessFile dropped without close(). */
public class LeakedFiles {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        FileInputStream in = new FileInputStream(file); // @leak fis
        in.read();
        RandomAccessFile raf = new RandomAccessFile(file, "r"); // @leak raf
        raf.read();
    }
}
