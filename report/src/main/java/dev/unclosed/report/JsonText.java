package dev.unclosed.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes JSON laid out exactly as Jackson's default pretty printer lays it out (objects one field a line, indented
 * two spaces per object level, arrays inline), with Jackson's escapes. The agent writes its report in the last
 * moments of every JVM it watches, and loading and warming Jackson's generator took most of that time: this is one
 * small class. {@link ReportFiles} still reads reports with Jackson; a test holds both to the same text.
 */
final class JsonText {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NAME_END = {'"', ' ', ':', ' '};

    /** Values kept as text, at most, per depth: a few MB. */
    private static final int MAX_REPEATED = 1 << 14;
    private static final int MAX_REPEATED_DEPTH = 8;

    /** Writes one value to a {@link JsonText}; not a lambda, as the agent writes at exit (see {@link ReportWriter}). */
    interface Part<T> {
        void write(T value, JsonText json) throws IOException;
    }

    /** Written to {@code sink} once this full. */
    private static final int CHUNK = 64 * 1024;

    /**
     * UTF-8 encoded as written, not kept as chars and encoded at each flush: a merged report of hundreds of MB was
     * copied three times on its way out.
     */
    private byte[] out;
    private int size;
    /**
     * The text of values met before, per nesting depth, by identity: a merged report writes the same frames
     * hundreds of thousands of times. Bounded; made when first needed.
     */
    private Map<Object, byte[]>[] repeated;
    /** Where a value met for the first time is written before it is kept. */
    private JsonText scratch;
    /** Where the text goes; null: it stays in memory ({@link #toString}). */
    private final OutputStream sink;
    /** Object nesting: arrays are inline and add none. */
    private int depth;
    /** Whether the container being written has a member already (one bit per level, up to 64 levels). */
    private long hasMember;
    private int level;
    /** Whether the container being written is an array, per level. */
    private long inArray;

    /** Not a Writer over the stream: the agent would track the writers it makes at exit as objects of its host. */
    JsonText(OutputStream sink) {
        this.sink = sink;
        this.out = new byte[sink == null ? 1024 : CHUNK];
    }

    /** Writes what is left to the sink. */
    void flush() throws IOException {
        if (sink != null && size > 0) {
            sink.write(out, 0, size);
            size = 0;
        }
    }

    @Override
    public String toString() {
        return new String(out, 0, size, StandardCharsets.UTF_8);
    }

    /** Room for {@code n} more bytes: the chunk written out first when there is a sink, the buffer grown when not. */
    private void room(int n) throws IOException {
        if (size + n <= out.length) {
            return;
        }
        if (sink != null && size > 0) {
            flush();
            if (n <= out.length) {
                return;
            }
        }
        int wanted = Math.max(size + n, sink == null ? out.length * 2 : CHUNK);
        out = Arrays.copyOf(out, wanted);
    }

    private void put(char ascii) throws IOException {
        room(1);
        out[size++] = (byte) ascii;
    }

    private void put(byte[] ascii) throws IOException {
        room(ascii.length);
        System.arraycopy(ascii, 0, out, size, ascii.length);
        size += ascii.length;
    }

    /**
     * Writes {@code value} as {@code part} does, the text kept for the next time the same instance is written at the
     * same depth: written once, copied after.
     */
    @SuppressWarnings("unchecked")
    <T> JsonText repeated(T value, Part<T> part) throws IOException {
        if (value == null || depth >= MAX_REPEATED_DEPTH) {
            part.write(value, this);
            return this;
        }
        if (repeated == null) {
            repeated = new Map[MAX_REPEATED_DEPTH];
            scratch = new JsonText(null);
        }
        Map<Object, byte[]> known = repeated[depth];
        if (known == null) {
            known = repeated[depth] = new IdentityHashMap<>();
        }
        byte[] text = known.get(value);
        if (text == null) {
            scratch.size = 0;
            scratch.depth = depth;
            part.write(value, scratch);
            text = Arrays.copyOf(scratch.out, scratch.size);
            if (known.size() >= MAX_REPEATED) {
                known.clear();
            }
            known.put(value, text);
        }
        beforeValue();
        put(text);
        return this;
    }

    JsonText startObject() throws IOException {
        beforeValue();
        put('{');
        push(false);
        depth++;
        return this;
    }

    JsonText endObject() throws IOException {
        depth--;
        boolean any = pop();
        if (any) {
            newLine();
        } else {
            put(' ');
        }
        put('}');
        return this;
    }

    JsonText startArray() throws IOException {
        beforeValue();
        put('[');
        push(true);
        return this;
    }

    JsonText endArray() throws IOException {
        pop();
        room(2);
        out[size++] = ' ';
        out[size++] = ']';
        return this;
    }

    JsonText name(String name) throws IOException {
        if (member()) {
            put(',');
        }
        newLine();
        put('"');
        chars(name);
        put(NAME_END);
        return this;
    }

    JsonText value(String value) throws IOException {
        beforeValue();
        if (value == null) {
            put(NULL);
        } else {
            string(value);
        }
        return this;
    }

    JsonText value(long value) throws IOException {
        beforeValue();
        digits(value);
        return this;
    }

    JsonText value(boolean value) throws IOException {
        beforeValue();
        put(value ? TRUE : FALSE);
        return this;
    }

    JsonText field(String name, String value) throws IOException {
        return name(name).value(value);
    }

    JsonText field(String name, long value) throws IOException {
        return name(name).value(value);
    }

    /** In an array, the separator before each value; in an object, the name wrote it. */
    private void beforeValue() throws IOException {
        if (level > 0 && (inArray & (1L << (level - 1))) != 0) {
            if (member()) {
                put(',');
            }
            put(' ');
        }
    }

    /** Marks the current container as having a member; returns whether it had one before. */
    private boolean member() {
        long bit = 1L << (level - 1);
        boolean had = (hasMember & bit) != 0;
        hasMember |= bit;
        return had;
    }

    private void push(boolean array) {
        if (level == 64) {
            throw new IllegalStateException("nested deeper than 64 levels");
        }
        long bit = 1L << level;
        hasMember &= ~bit;
        inArray = array ? inArray | bit : inArray & ~bit;
        level++;
    }

    private boolean pop() {
        level--;
        return (hasMember & (1L << level)) != 0;
    }

    private void newLine() throws IOException {
        room(1 + 2 * depth);
        out[size++] = '\n';
        for (int i = 0; i < depth; i++) {
            out[size++] = ' ';
            out[size++] = ' ';
        }
    }

    private void digits(long value) throws IOException {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                put(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            put('-');
            value = -value;
        }
        int n = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            n++;
        }
        room(n);
        for (int i = size + n - 1; i >= size; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += n;
    }

    private void string(String s) throws IOException {
        put('"');
        chars(s);
        put('"');
    }

    /** The characters of a string, escaped as Jackson escapes them, in UTF-8 (a lone surrogate as '?', as String does). */
    private void chars(String s) throws IOException {
        int length = s.length();
        room(length);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (size == out.length) {
                    room(length - i);
                }
                out[size++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1)) ? i + 2 : i + 1;
                put(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
    }

    private void escape(char c) throws IOException {
        room(6);
        out[size++] = '\\';
        switch (c) {
            case '"', '\\' -> out[size++] = (byte) c;
            case '\b' -> out[size++] = 'b';
            case '\t' -> out[size++] = 't';
            case '\f' -> out[size++] = 'f';
            case '\n' -> out[size++] = 'n';
            case '\r' -> out[size++] = 'r';
            default -> {
                out[size++] = 'u';
                out[size++] = '0';
                out[size++] = '0';
                out[size++] = HEX[c >> 4];
                out[size++] = HEX[c & 0xF];
            }
        }
    }
}
