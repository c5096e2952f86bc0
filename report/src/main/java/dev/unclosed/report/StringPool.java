package dev.unclosed.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Equal strings read as one instance, a plain ASCII one looked up from the input's bytes without making a string
 * first: the reports of one run repeat the same class, method, file and test names thousands of times. Not
 * thread-safe (one per reading thread), and bounded: it starts afresh when full, so it never holds more than a few MB.
 */
final class StringPool {

    /**
     * A table of twice this many slots, 256 KB, stays below half of G1's smallest region: a larger array is
     * allocated straight in the old generation, where every string stored into it is a card for the collector to
     * scan, and checking 2,000 reports ran about 7% slower so.
     */
    private static final int MAX_SIZE = 1 << 15;

    private final String[] seeds;
    private String[] table;
    /** The bytes of each string that is ASCII, null for any other: compared as bytes. */
    private byte[][] keys;
    private int size;

    /** A pool that holds {@code seeds} from the start (and again after each fresh start), the instances given. */
    StringPool(String... seeds) {
        this.seeds = seeds.clone();
        start(1 << 12);
    }

    private void start(int slots) {
        table = new String[slots];
        keys = new byte[slots][];
        size = 0;
        for (String seed : seeds) {
            intern(seed);
        }
    }

    /**
     * The string of the ASCII bytes {@code bytes[offset, offset + length)}, whose {@link String#hashCode()} is
     * {@code hash}.
     */
    String intern(byte[] bytes, int offset, int length, int hash) {
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        for (String known; (known = table[slot]) != null; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            // hashCode() is cached in the string: most misses end here.
            if (known.hashCode() == hash && key != null
                    && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
                return known;
            }
        }
        // Latin-1 of ASCII bytes is a copy, no decoding; its hashCode() is the hash given.
        return add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1),
                Arrays.copyOfRange(bytes, offset, offset + length), hash);
    }

    /** The pool's instance of {@code text}, which it holds from now on if it held none. */
    String intern(String text) {
        int hash = text.hashCode();
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        for (String known; (known = table[slot]) != null; slot = (slot + 1) & mask) {
            if (known.hashCode() == hash && known.equals(text)) {
                return known;
            }
        }
        return add(text, ascii(text), hash);
    }

    /** The bytes of {@code text} if it is ASCII, so that a look-up by bytes finds it; null otherwise. */
    private static byte[] ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return null;
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private String add(String added, byte[] key, int hash) {
        if (size >= MAX_SIZE) {
            start(table.length);
        }
        put(table, keys, added, key, hash);
        if (++size * 2 > table.length && table.length < 2 * MAX_SIZE) {
            String[] oldTable = table;
            byte[][] oldKeys = keys;
            table = new String[oldTable.length * 2];
            keys = new byte[oldTable.length * 2][];
            for (int i = 0; i < oldTable.length; i++) {
                if (oldTable[i] != null) {
                    put(table, keys, oldTable[i], oldKeys[i], oldTable[i].hashCode());
                }
            }
        }
        return added;
    }

    private static void put(String[] table, byte[][] keys, String text, byte[] key, int hash) {
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (table[slot] != null) {
            slot = (slot + 1) & mask;
        }
        table[slot] = text;
        keys[slot] = key;
    }
}
