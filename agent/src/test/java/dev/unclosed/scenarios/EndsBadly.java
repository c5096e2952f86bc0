package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a file open, then ends badly, as args[0] says: "throw" (an exception out of main), "oom" (the application
 * runs its heap out, uncaught), "sigterm" (the process is sent SIGTERM, as a container stop or Ctrl-C does).
 */
public class EndsBadly {

    static final List<Object> HELD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        HELD.add(new FileInputStream(file)); // @leak held
        switch (args[0]) {
            case "throw" -> throw new IllegalStateException("the application failed");
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "sigterm" -> {
                new ProcessBuilder("kill", "-TERM", String.valueOf(ProcessHandle.current().pid())).inheritIO().start();
                Thread.sleep(60_000);
                System.out.println("SIGTERM never came");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
