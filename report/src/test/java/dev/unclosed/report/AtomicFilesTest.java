package dev.unclosed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void theTemporaryFileIsNewEmptyAndBesideTheTarget() throws Exception {
        Path target = dir.resolve("r.json");

        Path tmp = AtomicFiles.createTemporaryBeside(target);

        assertThat(tmp.getParent()).isEqualTo(dir);
        assertThat(tmp.getFileName().toString()).matches("r\\.json[0-9]+\\.tmp");
        assertThat(tmp).exists().isEmptyFile();
    }

    @Test
    void eachTemporaryFileHasItsOwnName() throws Exception {
        Path target = dir.resolve("r.json");

        Path first = AtomicFiles.createTemporaryBeside(target);
        Path second = AtomicFiles.createTemporaryBeside(target);

        assertThat(first).isNotEqualTo(second);
        assertThat(first).exists();
        assertThat(second).exists();
    }

    @Test
    void theWrittenFileIsTheOwnersAloneAsWithFilesCreateTempFile() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("r.json");

        AtomicFiles.write(target, out -> out.write('x'));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createTempFile(dir, "r.json", ".tmp"))))
                .isEqualTo("rw-------");
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
