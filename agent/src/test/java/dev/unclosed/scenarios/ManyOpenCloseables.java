package dev.unclosed.scenarios;

import java.io.Closeable;

/**
 * Keeps millions of open closeables (declared resources with resources=) until exit, in a small heap: the agent must
 * stop tracking at its cap instead of running the heap out, and count the rest exactly.
 */
public class ManyOpenCloseables {

    static Handle[] held;

    public static final class Handle implements Closeable {
        @Override
        public void close() {
        }
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        held = new Handle[count];
        for (int i = 0; i < count; i++) {
            held[i] = new Handle(); // @leak open
        }
        System.out.println("opened " + count);
    }
}
