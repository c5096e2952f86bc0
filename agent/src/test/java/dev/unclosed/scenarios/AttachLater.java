package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;

/** Runs without the agent until told to go; the agent is attached to it meanwhile, then it leaks a stream. */
public class AttachLater {
    public static void main(String[] args) throws Exception {
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        new FileInputStream(Scratch.file("data.txt")).read(); // @leak attached
    }
}
