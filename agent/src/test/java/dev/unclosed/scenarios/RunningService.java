package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;

/**
 * A program that runs until told to stop, as a server would: prints {@code ready PID}, then on each line of its
 * standard input: {@code work} holds one stream open and drops another (collected before it answers {@code done});
 * {@code exit} ends main. Signals end it too.
 */
public class RunningService {
    static FileInputStream held;

    public static void main(String[] args) throws Exception {
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            if (line.equals("work")) {
                held = new FileInputStream(Scratch.file("held.txt")); // @leak held
                drop();
                for (int i = 0; i < 5; i++) { // time for the collector and the agent's reaper
                    System.gc();
                    Thread.sleep(100);
                }
                System.out.println("done");
                System.out.flush();
            }
        }
    }

    private static void drop() throws Exception {
        new FileInputStream(Scratch.file("dropped.txt")).read(); // @leak dropped
    }
}
