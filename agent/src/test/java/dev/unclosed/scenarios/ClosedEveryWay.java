package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;

/** Closed explicitly, with try-with-resources, twice, and from another thread: nothing leaks. */
public class ClosedEveryWay {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        FileInputStream explicit = new FileInputStream(file);
        explicit.read();
        explicit.close();

        try (FileInputStream in = new FileInputStream(file); RandomAccessFile raf = new RandomAccessFile(file, "r")) {
            in.read();
            raf.read();
        }

        FileOutputStream twice = new FileOutputStream(new File("out.txt"));
        twice.close();
        twice.close();

        FileInputStream elsewhere = new FileInputStream(file);
        Thread closer = new Thread(() -> {
            try {
                elsewhere.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        closer.start();
        closer.join();
    }
}
