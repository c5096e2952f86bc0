package dev.unclosed.library;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * A library's method that opens a file for its caller. The end-to-end tests pack it into a jar of its own, put
 * ahead of the test classes, so that it is loaded as a library's class.
 */
public final class Opener {

    private Opener() {
    }

    public static FileInputStream open(File file) throws IOException {
        return new FileInputStream(file); // @leak opened
    }

    /** Opens the file on a thread of the library's own, whose frames are all the library's and the JDK's. */
    public static Thread openOnAThread(File file) {
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    open(file).read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        thread.start();
        return thread;
    }
}
