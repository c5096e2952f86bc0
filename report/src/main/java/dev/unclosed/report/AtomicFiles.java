package dev.unclosed.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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

    private static final Set<PosixFilePermission> OWNER_ONLY =
            Collections.unmodifiableSet(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    /** Names tried before giving up, should other files by those names keep appearing. */
    private static final int ATTEMPTS = 100;

    private AtomicFiles() {
    }

    public static void write(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = createTemporaryBeside(absolute);
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
     * A new empty file beside {@code target}, named {@code <target's name><random>.tmp} and, where the file system
     * has POSIX permissions, readable and writable by its owner only: what {@link Files#createTempFile} makes.
     * Not that method itself: it draws its names from a {@code SecureRandom}, and seeding one (security providers,
     * message digests, {@code /dev/urandom}) took 25 to 40 ms of the agent's exit, longer than writing the report.
     * The name need not be unpredictable: the file is created exclusively, so a file or link that someone else put
     * there under the same name is never written through, only stepped around.
     *
     * <p>Created and written with {@code java.io} rather than NIO channels, which the JVM has not loaded at exit
     * when the application used none: {@code FileChannelImpl} (a closeable, so instrumented as it loads), the
     * native I/O library and its buffers cost about 5 ms of the agent's exit.
     */
    static Path createTemporaryBeside(Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        String prefix = target.getFileName().toString();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path tmp = target.resolveSibling(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            if (tmp.toFile().createNewFile()) {
                try {
                    if (posix) {
                        Files.setPosixFilePermissions(tmp, OWNER_ONLY);
                    }
                    return tmp;
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
            }
        }
        throw new FileAlreadyExistsException(target.resolveSibling(prefix + "<random>.tmp").toString(), null,
                ATTEMPTS + " names taken");
    }
}
