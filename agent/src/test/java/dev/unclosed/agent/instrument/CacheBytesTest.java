package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CacheBytesTest {

    @TempDir
    Path dir;

    @Test
    void itWritesTheBytesDataOutputStreamWouldWriteGrowingAsItGoes() throws Exception {
        CacheBytes ours = new CacheBytes(0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream theirs = new DataOutputStream(expected)) {
            for (int i = 0; i < 100; i++) {
                ours.writeByte(i - 50);
                theirs.writeByte(i - 50);
                ours.writeBoolean(i % 3 == 0);
                theirs.writeBoolean(i % 3 == 0);
                ours.writeShort(i * 1000);
                theirs.writeShort(i * 1000);
                ours.writeInt(-i * 123_456_789);
                theirs.writeInt(-i * 123_456_789);
                ours.writeLong(i * 0x0123_4567_89AB_CDEFL);
                theirs.writeLong(i * 0x0123_4567_89AB_CDEFL);
                byte[] some = ("entry " + i).getBytes();
                ours.write(some);
                theirs.write(some);
            }
        }
        CacheBytes nested = new CacheBytes(4);
        nested.writeInt(7);
        ours.write(nested);
        expected.write(new byte[] {0, 0, 0, 7});

        assertThat(ours.size()).isEqualTo(expected.size());
        assertThat(ours.toByteArray()).isEqualTo(expected.toByteArray());
        File file = dir.resolve("cache.bin").toFile();
        ours.writeTo(file);
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(expected.toByteArray());
    }
}
