package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints {@code running}, then leaks and holds streams without end, so that the agent always has something new to write: until killed, or,
 * with {@code halt MILLIS}, until it stops itself with {@code Runtime.halt} (no shutdown hook runs).
 */
public class LeaksUntilKilled {
    public static void main(String[] args) throws Exception {
        long haltAt = args.length == 2 && args[0].equals("halt") ? System.nanoTime() + Long.parseLong(args[1]) * 1_000_000 : Long.MAX_VALUE;
        List<FileInputStream> held = new ArrayList<>();
        String file = Scratch.file("data.txt").getPath();
        System.out.println("running");
        System.out.flush();
        for (int i = 0; ; i++) {
            new FileInputStream(file).read(); // @leak dropped
            if (i % 10 == 0) {
                held.add(new FileInputStream(file)); // @leak held
                System.gc();
            }
            if (System.nanoTime() - haltAt > 0) {
                Runtime.getRuntime().halt(7);
            }
            Thread.sleep(1);
        }
    }
}
