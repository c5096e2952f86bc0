package dev.unclosed.scenarios;

import java.io.FileInputStream;

/**
 * Drops streams for a few seconds while a flight recording runs, collecting as it goes, so that the agent judges
 * them while the program still runs (JFR writes its recording at exit before the agent's exit report runs).
 */
public class LeaksWhileRecorded {

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < 12; round++) {
            drop();
            System.gc();
            Thread.sleep(250);
        }
    }

    private static void drop() throws Exception {
        new FileInputStream(Scratch.file("dropped.txt")).read(); // @leak dropped
    }
}
