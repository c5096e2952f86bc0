package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;

/**
 * Takes every JDK shutdown slot the agent could use (3 to 9), then waits to be told to go while the agent is
 * attached, then leaks a stream. Needs {@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED}.
 */
public class ShutdownSlotsTaken {
    public static void main(String[] args) throws Exception {
        Object access = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null);
        Method register = Class.forName("jdk.internal.access.JavaLangAccess")
                .getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
        for (int slot = 3; slot <= 9; slot++) {
            register.invoke(access, slot, false, (Runnable) () -> { });
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        new FileInputStream(Scratch.file("data.txt")).read(); // @leak afterAttach
    }
}
