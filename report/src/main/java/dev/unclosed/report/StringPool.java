package dev.unclosed.report;

/**
 * Equal strings read as one instance, looked up from the parser's characters without making a string first: the
 * reports of one run repeat the same class, method, file and test names thousands of times. Not thread-safe (one
 * per reading thread), and bounded: it starts afresh when full, so it never holds more than a few MB.
 */
final class StringPool {

    /**
     * A table of twice this many slots, 256 KB, stays below half of G1's smallest region: a larger array is
     * allocated straight in the old generation, where every string stored into it is a card for the collector to
     * scan, and checking 2,000 reports ran about 7% slower so.
     */
    private static final int MAX_SIZE = 1 << 15;

    private String[] table = new String[1 << 12];
    private int size;

    String intern(char[] chars, int offset, int length) {
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        for (String known; (known = table[slot]) != null; slot = (slot + 1) & mask) {
            // hashCode() is the same polynomial, cached in the string: most misses end here.
            if (known.hashCode() == hash && sameChars(known, chars, offset, length)) {
                return known;
            }
        }
        String added = new String(chars, offset, length);
        if (size >= MAX_SIZE) {
            table = new String[table.length];
            size = 0;
            slot = (hash ^ (hash >>> 16)) & mask;
        }
        table[slot] = added;
        if (++size * 2 > table.length && table.length < 2 * MAX_SIZE) {
            grow();
        }
        return added;
    }

    private static boolean sameChars(String known, char[] chars, int offset, int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String s : old) {
            if (s != null) {
                int hash = s.hashCode();
                int slot = (hash ^ (hash >>> 16)) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = s;
            }
        }
    }
}
