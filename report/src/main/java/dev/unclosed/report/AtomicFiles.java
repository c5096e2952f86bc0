package dev.unclosed.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is either its old self or complete: a temporary file beside it, then a rename.
 * A build that is killed, or a writer that fails half way, never leaves half a report for the next reader.
 */
public final class AtomicFiles {

    /** What goes into the file; may throw, and then the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

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
            try (OutputStream out = Files.newOutputStream(tmp)) {
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
     * The name need not be unpredictable: the file is created exclusively (CREATE_NEW), so a file or link that
     * someone else put there under the same name is never written through, only stepped around.
     */
    static Path createTemporaryBeside(Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        String prefix = target.getFileName().toString();
        for (int attempt = 1; ; attempt++) {
            Path tmp = target.resolveSibling(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
