package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Run with failures injected into the agent (the test hook dev.unclosed.faults): tracking an {@link Exploding}
 * throws in the tracker, closing a {@link ClosingExplodes} too, tracking an {@link OutOfMemoryOnTrack} throws an
 * OutOfMemoryError, instrumenting {@link Untransformable} fails, and the reaper fails every second object. The
 * application must see none of it, and say so on stdout.
 */
public class FaultsInsideTheAgent {

    static final List<Object> HELD = new ArrayList<>();

    public static final class Exploding implements Closeable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    public static final class ClosingExplodes implements Closeable {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    public static final class OutOfMemoryOnTrack implements Closeable {
        @Override
        public void close() {
        }
    }

    public static final class Untransformable implements Closeable {
        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        Exploding first = new Exploding();
        Exploding second = new Exploding();
        first.close();
        second.close();
        ClosingExplodes closing = new ClosingExplodes();
        closing.close();
        closing.close();
        new OutOfMemoryOnTrack().close();
        new Untransformable().close();
        System.out.println("application saw: closed=" + (first.closed && second.closed) + " closes=" + closing.closes);

        // The agent goes on tracking after all of that.
        for (int i = 0; i < 4; i++) {
            new FileInputStream(file).read(); // @leak dropped
        }
        HELD.add(new FileInputStream(file)); // @leak held
        System.out.println("application finished");
    }
}
