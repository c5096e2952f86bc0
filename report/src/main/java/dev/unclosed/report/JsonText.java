package dev.unclosed.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON laid out exactly as Jackson's default pretty printer lays it out (objects one field a line, indented
 * two spaces per object level, arrays inline), with Jackson's escapes. The agent writes its report in the last
 * moments of every JVM it watches, and loading and warming Jackson's generator took most of that time: this is one
 * small class. {@link ReportFiles} still reads reports with Jackson; a test holds both to the same text.
 */
final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Flushed to {@code sink} in UTF-8 once this long, always between whole tokens (no surrogate pair split). */
    private static final int CHUNK = 32 * 1024;

    private final StringBuilder out = new StringBuilder(1024);
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
    }

    /** Writes what is left to the sink. */
    void flush() throws IOException {
        if (sink != null && out.length() > 0) {
            sink.write(out.toString().getBytes(StandardCharsets.UTF_8));
            out.setLength(0);
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void flushIfFull() throws IOException {
        if (out.length() >= CHUNK) {
            flush();
        }
    }

    JsonText startObject() throws IOException {
        beforeValue();
        out.append('{');
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
            out.append(' ');
        }
        out.append('}');
        flushIfFull();
        return this;
    }

    JsonText startArray() throws IOException {
        beforeValue();
        out.append('[');
        push(true);
        return this;
    }

    JsonText endArray() throws IOException {
        pop();
        out.append(" ]");
        flushIfFull();
        return this;
    }

    JsonText name(String name) throws IOException {
        if (member()) {
            out.append(',');
        }
        newLine();
        string(name);
        out.append(" : ");
        return this;
    }

    JsonText value(String value) throws IOException {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonText value(long value) throws IOException {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonText value(boolean value) throws IOException {
        beforeValue();
        out.append(value ? "true" : "false");
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
            out.append(member() ? ", " : " ");
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
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void string(String s) throws IOException {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            out.append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\f' -> out.append('f');
                case '\n' -> out.append('n');
                case '\r' -> out.append('r');
                default -> {
                    out.append("u00");
                    out.append(HEX[c >> 4]);
                    out.append(HEX[c & 0xF]);
                }
            }
        }
        out.append(s, start, s.length());
        out.append('"');
    }
}
