package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streams dropped unclosed and then closed by the garbage collector's safety nets: a finalize() method, and
 * Cleaner actions on a Cleaner's own thread and on a thread from an application's factory. None of these is the
 * application's close. Last, a handle whose close() runs its Cleanable itself, which is.
 */
public class ClosedByTheCollector {

    static final CountDownLatch CLEANED = new CountDownLatch(3);

    /** Closes its stream in finalize(), the way code written before Cleaner did. */
    public static final class Finalized implements Closeable {
        private final FileInputStream in;

        Finalized(File file) throws IOException {
            in = new FileInputStream(file);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() throws IOException {
            in.close();
            CLEANED.countDown();
        }
    }

    /** Releases its stream with a Cleanable, run by close() or, if the handle is dropped, by the Cleaner. */
    static final class CleanedHandle implements Closeable {
        private final Cleaner.Cleanable cleanable;

        CleanedHandle(Cleaner cleaner, File file) throws IOException {
            FileInputStream in = new FileInputStream(file); // @leak handleStream
            cleanable = cleaner.register(this, () -> closeQuietly(in));
        }

        @Override
        public void close() {
            cleanable.clean();
        }
    }

    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        Cleaner cleaner = Cleaner.create();
        Cleaner ownThreads = Cleaner.create(task -> new Thread(task, "application-cleaner"));

        new Finalized(file); // @leak finalized
        registerAndDrop(cleaner, new FileInputStream(file)); // @leak cleaner
        registerAndDrop(ownThreads, new FileInputStream(file)); // @leak ownThreads
        new CleanedHandle(cleaner, file).close();

        // Until the finalizer and both Cleaner actions have closed their streams, which are then garbage.
        for (int i = 0; i < 100 && CLEANED.getCount() > 0; i++) {
            System.gc();
            CLEANED.await(50, TimeUnit.MILLISECONDS);
        }
        if (CLEANED.getCount() > 0) {
            throw new AssertionError("the finalizer or a Cleaner did not run");
        }
    }

    /** The stream is reachable only from the cleaning action, which the Cleaner runs once the holder is garbage. */
    private static void registerAndDrop(Cleaner cleaner, FileInputStream in) {
        cleaner.register(new Object(), () -> {
            closeQuietly(in);
            CLEANED.countDown();
        });
    }

    private static void closeQuietly(FileInputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
