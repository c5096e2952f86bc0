package dev.unclosed.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a zip file read whole into memory, found through its central directory: for the agent's own
 * archives (the bootstrap jar nested in the agent's, the packs of kept instrumented copies), read once and looked
 * up many times without a {@code ZipFile} and its reads per entry.
 */
public final class ZipDirectory {

    /** An entry: its compression method (0 stored, 8 deflated), where its data starts, and its sizes. */
    public record Entry(int method, int dataStart, int compressedSize, int size) {
    }

    private ZipDirectory() {
    }

    /** The entries by name, in the directory's order; IOException if the bytes are no zip or a cut one. */
    public static Map<String, Entry> entriesOf(byte[] zip) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try {
            int end = zip.length - 22;
            while (end >= 0 && intAt(zip, end) != 0x06054b50) {
                end--; // the end record, before the archive comment if any
            }
            if (end < 0) {
                throw new IOException("no end of central directory");
            }
            int count = shortAt(zip, end + 10);
            int at = intAt(zip, end + 16);
            for (int i = 0; i < count; i++) {
                if (intAt(zip, at) != 0x02014b50) {
                    throw new IOException("bad central directory entry");
                }
                int method = shortAt(zip, at + 10);
                int compressed = intAt(zip, at + 20);
                int size = intAt(zip, at + 24);
                int nameLength = shortAt(zip, at + 28);
                int local = intAt(zip, at + 42);
                String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
                at += 46 + nameLength + shortAt(zip, at + 30) + shortAt(zip, at + 32);
                int data = local + 30 + shortAt(zip, local + 26) + shortAt(zip, local + 28);
                if (compressed < 0 || size < 0 || data < 0 || (long) data + compressed > zip.length) {
                    throw new IOException("an entry beyond the end");
                }
                entries.put(name, new Entry(method, data, compressed, size));
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IOException("cut short or damaged: " + e, e);
        }
        return entries;
    }

    private static int shortAt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
