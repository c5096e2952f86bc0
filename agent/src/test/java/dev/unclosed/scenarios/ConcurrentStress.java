package dev.unclosed.scenarios;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * 16 threads for a given number of seconds: open and close, wrap and close through the wrapper, hand objects to
 * other threads that close them, and leak plain and wrapped ones. Counts what it did, for the report to match:
 * "tracked=N closed=N leakedPlain=N leakedWrapped=N". Run with resources=...$Res.
 */
public class ConcurrentStress {

    public static final class Res implements Closeable {
        @Override
        public void close() {
        }
    }

    public static final class Wrapper implements Closeable {
        private final Res res;

        public Wrapper(Res res) {
            this.res = res;
        }

        @Override
        public void close() {
            res.close();
        }
    }

    static final LongAdder tracked = new LongAdder();
    static final LongAdder closed = new LongAdder();
    static final LongAdder leakedPlain = new LongAdder();
    static final LongAdder leakedWrapped = new LongAdder();
    static final Queue<Res> handedOver = new ConcurrentLinkedQueue<>();

    static void leakPlain() {
        new Res(); // @leak plain
    }

    static void leakWrapped() {
        new Wrapper(new Res()); // @leak wrapped
    }

    static void work(int i) {
        switch (i % 6) {
            case 0 -> {
                new Res().close();
                tracked.increment();
                closed.increment();
            }
            case 1 -> {
                new Wrapper(new Res()).close();
                tracked.add(2);
                closed.add(2);
            }
            case 2 -> {
                handedOver.add(new Res());
                tracked.increment();
            }
            case 3 -> {
                Res other = handedOver.poll(); // most likely another thread's
                if (other != null) {
                    new Wrapper(other).close();
                    tracked.increment();
                    closed.add(2);
                }
            }
            case 4 -> {
                // Leaks are rarer than the rest: the one reaper judges them, and must keep up with 16 threads.
                if (i % 300 == 4) {
                    leakPlain();
                    tracked.increment();
                    leakedPlain.increment();
                }
            }
            default -> {
                if (i % 600 == 5) {
                    leakWrapped();
                    tracked.add(2);
                    leakedWrapped.increment();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep((seconds + 60) * 1000);
                System.out.println("deadlock? still running");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // done in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    work(i);
                }
            }, "stress-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Res left = handedOver.poll(); left != null; left = handedOver.poll()) {
            left.close();
            closed.increment();
        }
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        System.out.println("tracked=" + tracked.sum() + " closed=" + closed.sum() + " leakedPlain=" + leakedPlain.sum()
                + " leakedWrapped=" + leakedWrapped.sum() + " heapUsedMB=" + (runtime.totalMemory() - runtime.freeMemory()) / (1 << 20));
        watchdog.interrupt();
    }
}
