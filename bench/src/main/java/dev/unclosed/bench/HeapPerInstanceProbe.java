package dev.unclosed.bench;

import bench.userapp.NativeHandle;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Holds N open {@link NativeHandle}s at once and prints the heap they cost, measured as used heap after full
 * collections before and after creating them. Run once without and once with the agent: the difference per
 * instance is the agent's own heap per tracked open instance (record, allocation stack, live-set slot).
 *
 * <p>Arguments: instance count, and how many frames to add below {@code main} before allocating, because the
 * raw allocation stack the agent keeps grows with the depth of the stack at the allocation site.
 */
public final class HeapPerInstanceProbe {

    private HeapPerInstanceProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.parseInt(args[0]);
        int extraFrames = Integer.parseInt(args[1]);

        // Load, instrument and classify the class first, so one-time costs do not count per instance.
        NativeHandle[] warmUp = new NativeHandle[1_000];
        allocateAt(extraFrames, warmUp);
        for (NativeHandle h : warmUp) {
            h.close();
        }

        NativeHandle[] held = new NativeHandle[count];
        long before = usedHeapAfterFullGc();
        allocateAt(extraFrames, held);
        long after = usedHeapAfterFullGc();

        // main, allocateAt once plus once per extra frame, and the constructor itself.
        int framesAtConstructor = 1 + (extraFrames + 1) + 1;
        System.out.printf(java.util.Locale.ROOT, "bytesPerInstance=%.1f framesAtConstructor=%d%n", (after - before) / (double) count,
                framesAtConstructor);

        // Close them all, so the agent has nothing to report at exit and the process ends promptly.
        for (NativeHandle h : held) {
            h.close();
        }
    }

    /** Allocates into {@code into} from {@code extraFrames} frames deeper than the caller. */
    private static void allocateAt(int extraFrames, NativeHandle[] into) {
        if (extraFrames > 0) {
            allocateAt(extraFrames - 1, into);
            return;
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = new NativeHandle(i);
        }
    }

    private static long usedHeapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several rounds: the first can leave work for reference processing and finalization behind.
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
