package dev.unclosed.agent.reporting;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void digestsAsTheJdksSha256DoesForEveryLengthAroundTheBlockBoundaries() throws Exception {
        Random random = new Random(17);
        for (int length = 0; length <= 300; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);

            assertThat(Sha256.digest(message)).as("%d bytes", length)
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(message));
        }
    }

    @Test
    void digestsTheStandardsExample() {
        byte[] digest = Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(java.util.HexFormat.of().formatHex(digest))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
