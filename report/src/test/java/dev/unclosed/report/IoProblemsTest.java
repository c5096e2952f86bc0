package dev.unclosed.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class IoProblemsTest {

    @Test
    void accessDeniedIsPermissionDenied() {
        assertThat(IoProblems.describe(new AccessDeniedException("/r/report.json"))).isEqualTo("permission denied");
    }

    @Test
    void aWrappedAccessDeniedIsPermissionDeniedToo() {
        assertThat(IoProblems.describe(new UncheckedIOException(new AccessDeniedException("/r"))))
                .isEqualTo("permission denied");
    }

    @Test
    void theOperatingSystemsReasonIsGivenWithoutTheExceptionClassOrThePath() {
        assertThat(IoProblems.describe(new FileSystemException("/r/report.json", null, "Is a directory")))
                .isEqualTo("is a directory");
    }

    @Test
    void anyOtherFailureIsItsMessageAlone() {
        assertThat(IoProblems.describe(new IOException("Input/output error"))).isEqualTo("input/output error");
    }
}
