package dev.unclosed.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZipDirectoryTest {

    private static final byte[] STORED = "kept as it is".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DEFLATED = "deflated, deflated, deflated, deflated".getBytes(StandardCharsets.UTF_8);

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            ZipEntry stored = new ZipEntry("a/stored");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(STORED.length);
            CRC32 crc = new CRC32();
            crc.update(STORED);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(STORED);
            out.putNextEntry(new ZipEntry("b/deflated"));
            out.write(DEFLATED);
            out.setComment("a comment after the directory");
        }
        return bytes.toByteArray();
    }

    @Test
    void theEntriesAreFoundWithWhereTheirDataIsAndHowItIsKept() throws Exception {
        byte[] zip = zip();

        Map<String, ZipDirectory.Entry> entries = ZipDirectory.entriesOf(zip);

        assertThat(entries.keySet()).containsExactly("a/stored", "b/deflated");
        ZipDirectory.Entry stored = entries.get("a/stored");
        assertThat(stored.method()).isZero();
        assertThat(Arrays.copyOfRange(zip, stored.dataStart(), stored.dataStart() + stored.size())).isEqualTo(STORED);
        assertThat(entries.get("b/deflated").method()).isEqualTo(8);
        assertThat(entries.get("b/deflated").size()).isEqualTo(DEFLATED.length);
    }

    @Test
    void aCutZipIsRefusedNotMisread() throws Exception {
        byte[] zip = zip();
        for (int cut : new int[] {0, 10, zip.length / 2, zip.length - 40}) {
            byte[] damaged = Arrays.copyOf(zip, cut);

            assertThatThrownBy(() -> ZipDirectory.entriesOf(damaged)).as("cut at " + cut).isInstanceOf(IOException.class);
        }
    }
}
