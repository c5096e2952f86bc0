package dev.unclosed.scenarios;

import java.lang.reflect.Method;

/**
 * Asks {@code app.Maker}, application code in a jar of its own, for three {@code lib.Handle}s and drops them without
 * closing them, if they are closeables at all (it depends on the version of the library on the class path).
 */
public class ApplicationJarHandles {
    public static void main(String[] args) throws Exception {
        Method make = Class.forName("app.Maker").getMethod("make");
        for (int i = 0; i < 3; i++) {
            Object dropped = make.invoke(null);
            System.out.println("closeable: " + (dropped instanceof AutoCloseable));
        }
    }
}
