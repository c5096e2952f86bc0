package dev.unclosed.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Writes a file so that it is either its old self or complete: a temporary file beside it, then a rename.
 * A build that is killed, or a writer that fails half way, never leaves half a report for the next reader.
 * Paths of the default file system only: the temporary file is written through {@code java.io}.
 */
public final class AtomicFiles {

    /** What goes into the file; may throw, and then the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Names tried before giving up, should other files by those names keep appearing. */
    private static final int ATTEMPTS = 100;

    private static final LongSupplier RANDOM = new LongSupplier() { // not a lambda: runs at the agent's exit
        @Override
        public long getAsLong() {
            return ThreadLocalRandom.current().nextLong();
        }
    };

    private AtomicFiles() {
    }

    public static void write(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = createTemporaryBeside(absolute, RANDOM);
        try {
            // java.io, not Files.newOutputStream: see createTemporaryBeside.
            try (OutputStream out = new FileOutputStream(tmp.toFile())) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Why {@code file} could not be written, as a phrase to follow its name ("is a directory; name a file"), or null
     * if it can: tried for real, by creating its missing directories and a temporary file beside it (removed again),
     * so that a report that cannot be written is said when the program starts rather than found out at its end.
     */
    public static String problemWriting(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return "is a directory; name a file instead";
        }
        Path dir = absolute.getParent();
        if (dir == null) {
            return "has no directory; name a file";
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !Files.isDirectory(existing)) {
                return "cannot be written: " + existing + " is a file, not a directory; choose another path";
            }
            return "cannot be written: its directory " + dir + " cannot be created (" + reason(e)
                    + "); create it or choose another path";
        }
        try {
            Files.delete(createTemporaryBeside(absolute, RANDOM));
        } catch (IOException e) {
            return "cannot be written: no new file can be made in " + dir + " (" + reason(e)
                    + "); make it writable or choose another path";
        }
        return null;
    }

    /**
     * What went wrong, in words, without Java class names or the names of temporary files: the operating system's
     * reason where it gave one.
     */
    public static String reason(IOException e) {
        return IoProblems.describe(e);
    }

    /**
     * A new empty file beside {@code target}, named {@code <target's name><random>.tmp}, with the permissions any
     * new file of the process gets (its umask), since it becomes the target. Not {@link Files#createTempFile}: that
     * makes the file its owner's alone, whatever the umask, and draws its names from a {@code SecureRandom}, whose
     * seeding took 25 to 40 ms of the agent's exit, longer than writing the report. The name need not be
     * unpredictable: the file is created exclusively ({@code O_EXCL}, which also refuses a symbolic link, even a
     * dangling one), so a file or link that someone else put there under the same name is never written through,
     * only stepped around.
     *
     * <p>Created and written with {@code java.io} rather than NIO channels, which the JVM has not loaded at exit
     * when the application used none: {@code FileChannelImpl} (a closeable, so instrumented as it loads), the
     * native I/O library and its buffers cost about 5 ms of the agent's exit.
     */
    static Path createTemporaryBeside(Path target, LongSupplier random) throws IOException {
        String prefix = target.getFileName().toString();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path tmp = target.resolveSibling(prefix + Long.toUnsignedString(random.getAsLong()) + ".tmp");
            if (tmp.toFile().createNewFile()) {
                return tmp;
            }
        }
        throw new FileAlreadyExistsException(target.resolveSibling(prefix + "<random>.tmp").toString(), null,
                ATTEMPTS + " names taken");
    }
}
