package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds two streams open and never touches JMX itself. With {@code wait}: prints {@code ready PID} and waits for
 * {@code exit} on its standard input (another JVM may attach meanwhile); without: lives for three seconds, past the
 * agent's first looks for an MBean server.
 */
public class RunsWithoutJmx {
    static final List<FileInputStream> held = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 2; i++) {
            held.add(new FileInputStream(Scratch.file("held.txt"))); // @leak held
        }
        if (args.length == 0 || !args[0].equals("wait")) {
            Thread.sleep(3000);
            return;
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            // wait
        }
    }
}
