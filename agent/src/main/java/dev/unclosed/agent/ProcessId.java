package dev.unclosed.agent;

import java.io.File;
import java.io.IOException;

/**
 * This JVM's process id, for report and temporary file names. On Linux from {@code /proc/self}: the first use of
 * {@link ProcessHandle#current()} initialises a class that spins lambdas and a thread factory, a few milliseconds
 * of CPU in every JVM the agent starts in; elsewhere from {@code ProcessHandle}.
 */
public final class ProcessId {

    private static volatile long known;

    private ProcessId() {
    }

    public static long current() {
        long pid = known;
        if (pid == 0) {
            pid = fromProc();
            if (pid <= 0) {
                pid = ProcessHandle.current().pid();
            }
            known = pid;
        }
        return pid;
    }

    /** The id {@code /proc/self} links to, or -1 without such a link. */
    static long fromProc() {
        try {
            File self = new File("/proc/self");
            if (!self.exists()) {
                return -1;
            }
            return Long.parseLong(self.getCanonicalFile().getName());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
