package dev.unclosed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void theTemporaryFileIsNewEmptyAndBesideTheTarget() throws Exception {
        Path target = dir.resolve("r.json");

        Path tmp = AtomicFiles.createTemporaryBeside(target, () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());

        assertThat(tmp.getParent()).isEqualTo(dir);
        assertThat(tmp.getFileName().toString()).matches("r\\.json[0-9]+\\.tmp");
        assertThat(tmp).exists().isEmptyFile();
    }

    @Test
    void eachTemporaryFileHasItsOwnName() throws Exception {
        Path target = dir.resolve("r.json");

        Path first = AtomicFiles.createTemporaryBeside(target, () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Path second = AtomicFiles.createTemporaryBeside(target, () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());

        assertThat(first).isNotEqualTo(second);
        assertThat(first).exists();
        assertThat(second).exists();
    }

    @Test
    void theWrittenFileHasThePermissionsOfAnyNewFileOfTheProcess() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("r.json");
        Path ordinary = Files.createFile(dir.resolve("ordinary")); // 0666 less the umask

        AtomicFiles.write(target, out -> out.write('x'));

        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(ordinary));
    }

    @Test
    void aSymbolicLinkPlantedAtTheTemporaryNameIsSteppedAroundNotFollowed() throws Exception {
        Path target = dir.resolve("r.json");
        Path victim = dir.resolve("victim");
        Files.createSymbolicLink(dir.resolve("r.json1.tmp"), victim);
        long[] names = {1, 2};
        int[] next = {0};

        Path tmp = AtomicFiles.createTemporaryBeside(target, () -> names[next[0]++]);

        assertThat(tmp.getFileName().toString()).isEqualTo("r.json2.tmp");
        assertThat(victim).doesNotExist();
        assertThat(Files.isSymbolicLink(dir.resolve("r.json1.tmp"))).isTrue();
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("r.json");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWritablePathHasNoProblemAndLeavesNothingBehindButItsDirectory() {
        Path target = dir.resolve("new/sub/r.json");

        assertThat(AtomicFiles.problemWriting(target)).isNull();

        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void aDirectoryIsNoPlaceForAFile() {
        assertThat(AtomicFiles.problemWriting(dir)).isEqualTo("is a directory; name a file instead");
    }

    @Test
    void aFileInThePlaceOfADirectoryIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        assertThat(AtomicFiles.problemWriting(file.resolve("sub/r.json")))
                .isEqualTo("cannot be written: " + file + " is a file, not a directory; choose another path");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsSaidWithoutTemporaryNamesOrExceptionClasses() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeTrue(!Files.isWritable(readOnly), "running as root");

        String problem = AtomicFiles.problemWriting(readOnly.resolve("r.json"));

        assertThat(problem).isEqualTo("cannot be written: no new file can be made in " + readOnly
                + " (permission denied); make it writable or choose another path");
    }

    @Test
    void writingAgainReplacesTheFile() throws Exception {
        Path target = dir.resolve("sub/r.json");

        AtomicFiles.write(target, out -> out.write("first".getBytes()));
        AtomicFiles.write(target, out -> out.write("second".getBytes()));

        assertThat(target).hasContent("second");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
