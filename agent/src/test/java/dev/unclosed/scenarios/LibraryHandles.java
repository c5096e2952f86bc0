package dev.unclosed.scenarios;

/**
 * Loads {@code lib.Handle} from a jar on the class path, waits a moment (the agent may retransform a class it
 * decided on a wrong header), then drops one instance without closing it, if it is a closeable at all.
 */
public class LibraryHandles {
    public static void main(String[] args) throws Exception {
        Class<?> handle = Class.forName("lib.Handle");
        Thread.sleep(Integer.parseInt(args.length > 0 ? args[0] : "0"));
        Object dropped = handle.getConstructor().newInstance(); // @leak handle
        System.out.println("closeable: " + (dropped instanceof AutoCloseable));
    }
}
