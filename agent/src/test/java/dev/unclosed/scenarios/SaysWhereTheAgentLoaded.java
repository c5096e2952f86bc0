package dev.unclosed.scenarios;

import java.io.FileInputStream;

/**
 * Says whether the agent's classes are in the bootstrap class loader, then holds a FileInputStream open to the end.
 * args[0]: a file to read.
 */
public class SaysWhereTheAgentLoaded {
    static FileInputStream held;

    public static void main(String[] args) throws Exception {
        boolean inBootstrapLoader;
        try {
            Class.forName("dev.unclosed.agent.UnclosedAgent", false, null);
            inBootstrapLoader = true;
        } catch (ClassNotFoundException e) {
            inBootstrapLoader = false;
        }
        System.out.println("agent in the bootstrap loader: " + inBootstrapLoader);
        held = new FileInputStream(args[0]); // @leak held
    }
}
