package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;

/**
 * Call sites reached from several places, as test helpers are: each leak must show its own site and its own
 * callers, never those of another object made at the same line.
 */
public class OneSiteManyCallers {

    /** Opens a channel through another closeable; made inside an Archive's constructor and directly. */
    public static final class SplitOut implements Closeable {
        private final RandomAccessFile file;
        private final FileChannel channel;

        SplitOut(File f) throws IOException {
            this.file = new RandomAccessFile(f, "r"); // @leak splitOutFile
            this.channel = file.getChannel();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    public static final class Archive implements Closeable {
        private final SplitOut out;

        Archive(File f) throws IOException {
            this.out = new SplitOut(f); // @leak insideArchive
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static InputStream open(File f) throws IOException {
        return new FileInputStream(f); // @leak helper
    }

    static void callerOne(File f) throws IOException {
        open(f).close();
    }

    static void callerTwo(File f) throws IOException {
        try (InputStream in = open(f)) {
            in.read();
        }
    }

    static void callerThree(File f) throws IOException {
        open(f).close();
    }

    static void leakingCaller(File f) throws IOException {
        open(f).read();
    }

    static InputStream openLater(File f) throws IOException {
        return new FileInputStream(f); // @leak helperLater
    }

    static void manyClosingCalls(File f) throws IOException {
        for (int i = 0; i < 40; i++) {
            openLater(f).close();
        }
    }

    static void lateLeakingCaller(File f) throws IOException {
        openLater(f).read();
    }

    static void secondLateLeakingCaller(File f) throws IOException {
        openLater(f).read();
    }

    public static void main(String[] args) throws Exception {
        File f = Scratch.file("data.txt");
        // More Archives than a site learns from, so that SplitOut's inner site could share the Archive path's stack.
        for (int i = 0; i < 40; i++) {
            new Archive(f).close();
        }
        new SplitOut(f).hashCode(); // @leak direct

        callerOne(f);
        callerTwo(f);
        callerThree(f);
        leakingCaller(f);
        collect(); // the leaks so far reported first, so that the one below is not queued behind them

        // A site reached one way often enough to share its stack, then by two other callers that leak.
        manyClosingCalls(f);
        lateLeakingCaller(f);
        collect();
        for (int i = 0; i < 2; i++) {
            secondLateLeakingCaller(f);
        }
        collect();
    }

    /** Collections and time for the agent to report what they found (a shared stack's leak stops the sharing). */
    private static void collect() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
