package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Four threads each leak 500 streams at one line: one finding, counted exactly. */
public class ConcurrentLeaks {
    static void leak(File file) throws IOException {
        new FileInputStream(file).read(); // @leak concurrent
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        leak(file);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "leaker-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
