package dev.unclosed.scenarios;

import java.io.Closeable;

/** A user class that wraps a native handle the agent cannot see: a resource only when declared with resources=. */
public class DeclaredResource {

    public static class NativeHandle implements Closeable {
        long address = 42;

        @Override
        public void close() {
            address = 0;
        }
    }

    public static void main(String[] args) {
        new NativeHandle().hashCode(); // @leak handle
    }
}
