package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.RandomAccessFile;

/**
 * A FileInputStream and a RandomAccessFile dropped without close(), then half a second of asking for collections while
 * the program still runs: the collector at hand, not the final sweep at exit, finds them.
 */
public class DroppedThenCollected {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        open(file);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static void open(File file) throws Exception {
        new FileInputStream(file).read(); // @leak fis
        new RandomAccessFile(file, "r").read(); // @leak raf
    }
}
