package dev.unclosed.report;

import java.nio.charset.StandardCharsets;

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
    private int size;

    /** A pool that holds {@code seeds} from the start (and again after each fresh start), the instances given. */
    StringPool(String... seeds) {
        this.seeds = seeds.clone();
        start(1 << 12);
    }

    private void start(int slots) {
        table = new String[slots];
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
            // hashCode() is cached in the string: most misses end here.
            if (known.hashCode() == hash && sameChars(known, bytes, offset, length)) {
                return known;
            }
        }
        // Latin-1 of ASCII bytes is a copy, no decoding; its hashCode() is the hash given.
        return add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1), hash);
    }

    private static boolean sameChars(String known, byte[] bytes, int offset, int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != bytes[offset + i]) {
                return false;
            }
        }
        return true;
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
        return add(text, hash);
    }

    private String add(String added, int hash) {
        if (size >= MAX_SIZE) {
            start(table.length);
        }
        put(table, added, hash);
        if (++size * 2 > table.length && table.length < 2 * MAX_SIZE) {
            String[] old = table;
            table = new String[old.length * 2];
            for (String text : old) {
                if (text != null) {
                    put(table, text, text.hashCode());
                }
            }
        }
        return added;
    }

    private static void put(String[] table, String text, int hash) {
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (table[slot] != null) {
            slot = (slot + 1) & mask;
        }
        table[slot] = text;
    }
}
