package dev.unclosed.report;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 JSON as tokens, for {@link StreamedReportReader}: the counterpart of {@link JsonText}. Checking 2,000
 * reports spent most of its time in Jackson's parser, decoding every string to chars before the pool found it had
 * the string already; here a plain ASCII string is looked up by its bytes, a field name is the pool's instance of
 * the name the reader switches on, and the text of a small object (a stack frame) can be had whole, to look it up
 * by ({@link #flatObject()}).
 *
 * <p>Strict where Jackson's defaults are and stricter where that is simpler: anything outside plain RFC 8259 JSON
 * within Jackson's read limits (a byte-order mark, comments, a trailing comma, an unescaped control character,
 * deep nesting, malformed UTF-8) is {@link NotSure}, and the caller reads the file with Jackson.
 */
final class JsonTokenizer {

    /** Thrown where the text is not plainly sound JSON; without a stack, as it only says "read it the other way". */
    static final class NotSure extends Exception {
        static final NotSure INSTANCE = new NotSure();

        private NotSure() {
            super(null, null, false, false);
        }
    }

    private static final NotSure NOT_SURE = NotSure.INSTANCE;

    /** Below Jackson's limits (StreamReadConstraints' defaults: 20M chars a string, 50,000 a name, depth 1,000). */
    private static final int MAX_STRING_BYTES = 20_000_000;
    private static final int MAX_NAME_BYTES = 50_000;
    private static final int MAX_DEPTH = 500;
    private static final int MAX_NUMBER_DIGITS = 1_000;

    /** Eight bytes of a byte array at a time, for the scan and hash of {@link #flatObject()}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVERY_BYTE = 0x0101010101010101L;

    private final StringPool strings;
    private final StringPool names;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean ended;

    /** The open containers, innermost last: true for an object. */
    private boolean[] objects = new boolean[16];
    private int depth;
    /** No member read yet in the innermost container: a close is allowed, a comma is not. */
    private boolean first;
    private boolean rootRead;

    private JsonToken current;
    private String name;
    /** The current string's bytes, between its quotes, valid until the next token, if plain ASCII. */
    private int textStart;
    private int textEnd;
    private int textHash;
    private boolean textPlain;
    /** The current string if it is not plain ASCII, its escapes decoded. */
    private String decoded;
    private long number;
    private boolean numberFitsLong;
    /** The last {@link #flatObject()}'s text and hash, and {@link #fills} when it was found. */
    private int spanStart;
    private int spanEnd;
    private int spanHash;
    private int spanFills;
    /** How many times the buffer was filled: a span's offsets hold while this stays. */
    private int fills;

    JsonTokenizer(StringPool strings, StringPool names) {
        this.strings = strings;
        this.names = names;
    }

    /** Starts on {@code source}, which the caller closes. */
    void reset(InputStream source) {
        in = source;
        position = 0;
        limit = 0;
        ended = false;
        depth = 0;
        first = false;
        rootRead = false;
        current = null;
        name = null;
    }

    JsonToken currentToken() {
        return current;
    }

    /** The name of the field whose token was the last {@link JsonToken#FIELD_NAME}. */
    String currentName() {
        return name;
    }

    /** The current {@link JsonToken#VALUE_STRING}, the pool's instance. */
    String text() {
        if (textPlain) {
            return strings.intern(buffer, textStart, textEnd - textStart, textHash);
        }
        return strings.intern(decoded);
    }

    /** The current {@link JsonToken#VALUE_NUMBER_INT}, when {@link #fitsLong()}. */
    long longValue() {
        return number;
    }

    /** The current {@link JsonToken#VALUE_NUMBER_INT} is a long (Jackson's INT or LONG), not a BigInteger. */
    boolean fitsLong() {
        return numberFitsLong;
    }

    /** The current {@link JsonToken#VALUE_NUMBER_INT} is an int (Jackson's INT). */
    boolean fitsInt() {
        return numberFitsLong && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE;
    }

    /** The next token, or null after the root value and nothing but white space. */
    JsonToken nextToken() throws IOException, NotSure {
        int c = skipWhiteSpace();
        if (depth == 0) {
            if (rootRead) {
                if (c >= 0) {
                    throw NOT_SURE;
                }
                return current = null;
            }
            return current = value(c);
        }
        if (current == JsonToken.FIELD_NAME) {
            return current = value(c);
        }
        if (c == (objects[depth - 1] ? '}' : ']')) {
            // Never right after a comma: a comma is followed by a member at once, below.
            position++;
            depth--;
            first = false;
            rootRead = depth == 0;
            return current = objects[depth] ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
        }
        if (!first) {
            if (c != ',') {
                throw NOT_SURE;
            }
            position++;
            c = skipWhiteSpace();
        }
        first = false;
        if (!objects[depth - 1]) {
            return current = value(c);
        }
        if (c != '"') {
            throw NOT_SURE;
        }
        position++;
        string(MAX_NAME_BYTES);
        name = textPlain ? names.intern(buffer, textStart, textEnd - textStart, textHash) : names.intern(decoded);
        if (skipWhiteSpace() != ':') {
            throw NOT_SURE;
        }
        position++;
        return current = JsonToken.FIELD_NAME;
    }

    /** Past the current container's end when the current token starts one; nothing otherwise. */
    void skipChildren() throws IOException, NotSure {
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return;
        }
        int end = depth - 1;
        while (depth > end) {
            if (nextToken() == null) {
                throw NOT_SURE;
            }
        }
    }

    private JsonToken value(int c) throws IOException, NotSure {
        switch (c) {
            case '{' -> {
                position++;
                open(true);
                return JsonToken.START_OBJECT;
            }
            case '[' -> {
                position++;
                open(false);
                return JsonToken.START_ARRAY;
            }
            case '"' -> {
                position++;
                string(MAX_STRING_BYTES);
                return scalarRead(JsonToken.VALUE_STRING);
            }
            case 't' -> {
                literal("true");
                return scalarRead(JsonToken.VALUE_TRUE);
            }
            case 'f' -> {
                literal("false");
                return scalarRead(JsonToken.VALUE_FALSE);
            }
            case 'n' -> {
                literal("null");
                return scalarRead(JsonToken.VALUE_NULL);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return scalarRead(number());
                }
                throw NOT_SURE;
            }
        }
    }

    private JsonToken scalarRead(JsonToken token) {
        if (depth == 0) {
            rootRead = true;
        }
        return token;
    }

    private void open(boolean object) throws NotSure {
        if (depth == MAX_DEPTH) {
            throw NOT_SURE;
        }
        if (depth == objects.length) {
            objects = Arrays.copyOf(objects, depth * 2);
        }
        objects[depth++] = object;
        first = true;
    }

    /**
     * Scans a string from just past its opening quote to just past its closing one, hashing it as
     * {@link String#hashCode()} would while it is plain ASCII without escapes.
     */
    private void string(int maxBytes) throws IOException, NotSure {
        int start = position;
        int hash = 0;
        boolean plain = true;
        boolean escaped = false;
        byte[] bytes = buffer;
        int at = position;
        int end = limit;
        while (true) {
            if (at >= end) {
                position = at;
                if (at - start > maxBytes) {
                    throw NOT_SURE;
                }
                start -= more(start);
                bytes = buffer;
                at = position;
                end = limit;
            }
            byte b = bytes[at];
            if (escaped) {
                escaped = false; // whatever it is, it does not end the string; decode() says whether it is sound
            } else if (b == '"') {
                break;
            } else if (b < 0x20 || b == '\\') { // a control character, a byte of a multi-byte character, an escape
                if (b >= 0 && b < 0x20) {
                    throw NOT_SURE;
                }
                plain = false;
                escaped = b == '\\';
            } else {
                hash = 31 * hash + b;
            }
            at++;
        }
        if (at - start > maxBytes) {
            throw NOT_SURE;
        }
        textStart = start;
        textEnd = at;
        textHash = hash;
        textPlain = plain;
        position = at + 1;
        // Decoded now, even if skipped: whether it is sound JSON is only known so.
        decoded = plain ? null : decode(start, at);
    }

    /**
     * With the current token the start of an object: the object's text, from its brace to the first closing brace
     * after it, is {@link #spanStart()} to {@link #spanEnd()} in {@link #buffer()} (until the next token), hashed as
     * {@link #spanHash()}; false if the input ends first. Nothing is read: the tokens that follow are the same.
     *
     * <p>For a caller that keeps what it read from a span for the next equal one: the tokens of equal text read the
     * same, and when they ended with the span ({@link #atSpanEnd()}), they read nothing beyond it. Whether the span
     * is the whole object (a brace in a string ends it early) only decides whether there is anything to keep.
     */
    boolean flatObject() throws IOException {
        int start = position - 1; // the brace
        int from = position;
        while (true) {
            int brace = indexOf(buffer, from, limit, (byte) '}');
            if (brace >= 0) {
                spanStart = start;
                spanEnd = brace + 1;
                spanHash = hash(buffer, start, brace + 1);
                spanFills = fills;
                return true;
            }
            int scanned = limit - start;
            position = limit;
            int moved = fill(start);
            if (moved >= 0) {
                start -= moved;
            }
            position = start + 1;
            if (moved < 0 || limit - start == scanned) {
                return false;
            }
            from = start + scanned;
        }
    }

    /** The first index of {@code target} in {@code bytes[from, to)}, or -1; eight bytes at a time. */
    private static int indexOf(byte[] bytes, int from, int to, byte target) {
        long pattern = EVERY_BYTE * (target & 0xff);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ pattern;
            long zeroBytes = (x - EVERY_BYTE) & ~x & (EVERY_BYTE << 7);
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3); // the lowest is never a false one
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }

    /** A hash of {@code bytes[from, to)}, eight bytes at a time. */
    private static int hash(byte[] bytes, int from, int to) {
        long hash = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            hash = Long.rotateLeft((hash ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L, 29);
        }
        for (; i < to; i++) {
            hash = Long.rotateLeft((hash ^ bytes[i]) * 0x9E3779B97F4A7C15L, 29);
        }
        return (int) (hash ^ (hash >>> 32));
    }

    byte[] buffer() {
        return buffer;
    }

    int spanStart() {
        return spanStart;
    }

    int spanEnd() {
        return spanEnd;
    }

    int spanHash() {
        return spanHash;
    }

    /** Past the span {@link #flatObject()} found, as if its tokens had been read to its end. */
    void skipSpan() {
        position = spanEnd;
        depth--;
        first = false;
        current = JsonToken.END_OBJECT;
    }

    /** The tokens read since {@link #flatObject()} ended where its span does, the span still in the buffer. */
    boolean atSpanEnd() {
        return fills == spanFills && position == spanEnd && current == JsonToken.END_OBJECT;
    }

    /** The characters of {@code buffer[start, end)}, escapes decoded, malformed UTF-8 or escapes not sure. */
    private String decode(int start, int end) throws NotSure {
        StringBuilder text = new StringBuilder(end - start);
        int run = start;
        for (int i = start; i < end; i++) {
            if (buffer[i] != '\\') {
                continue;
            }
            utf8(run, i, text);
            char escaped = (char) buffer[++i];
            switch (escaped) {
                case '"', '\\', '/' -> text.append(escaped);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 4 >= end) {
                        throw NOT_SURE;
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(buffer[i + k], 16);
                        if (digit < 0) {
                            throw NOT_SURE;
                        }
                        code = code * 16 + digit;
                    }
                    text.append((char) code);
                    i += 4;
                }
                default -> throw NOT_SURE;
            }
            run = i + 1;
        }
        utf8(run, end, text);
        return text.toString();
    }

    private void utf8(int start, int end, StringBuilder text) throws NotSure {
        if (start == end) {
            return;
        }
        try {
            text.append(utf8.decode(ByteBuffer.wrap(buffer, start, end - start)));
        } catch (CharacterCodingException e) {
            throw NOT_SURE;
        }
    }

    private void literal(String word) throws IOException, NotSure {
        for (int i = 0; i < word.length(); i++) {
            if (peek() != word.charAt(i)) {
                throw NOT_SURE;
            }
            position++;
        }
    }

    /**
     * A number as JSON writes it (no plus sign, no leading zero); its value kept when it is an integer a long holds,
     * as Jackson's {@code NumberType} INT or LONG.
     */
    private JsonToken number() throws IOException, NotSure {
        boolean negative = peek() == '-';
        if (negative) {
            position++;
        }
        int digits = 0;
        long value = 0; // negated as it grows: Long.MIN_VALUE has no positive counterpart
        boolean fitsLong = true;
        boolean leadingZero = peek() == '0';
        for (int c; (c = peek()) >= '0' && c <= '9'; position++) {
            digits++;
            if (digits < 19) {
                value = value * 10 - (c - '0');
            } else if (fitsLong) {
                long times10 = value * 10;
                fitsLong = digits == 19 && value >= Long.MIN_VALUE / 10 && times10 >= Long.MIN_VALUE + (c - '0');
                value = times10 - (c - '0');
            }
        }
        if (digits == 0 || (leadingZero && digits > 1)) {
            throw NOT_SURE;
        }
        int length = digits;
        boolean integer = true;
        if (peek() == '.') {
            position++;
            length += digits(1);
            integer = false;
        }
        int c = peek();
        if (c == 'e' || c == 'E') {
            position++;
            c = peek();
            if (c == '+' || c == '-') {
                position++;
            }
            length += digits(1);
            integer = false;
        }
        if (length > MAX_NUMBER_DIGITS) {
            throw NOT_SURE;
        }
        if (!negative && value == Long.MIN_VALUE) {
            fitsLong = false;
        }
        numberFitsLong = integer && fitsLong;
        number = negative ? value : -value;
        return integer ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** At least {@code atLeast} digits, skipped; how many. */
    private int digits(int atLeast) throws IOException, NotSure {
        int count = 0;
        for (int c; (c = peek()) >= '0' && c <= '9'; position++) {
            count++;
        }
        if (count < atLeast) {
            throw NOT_SURE;
        }
        return count;
    }

    /** The byte at the position, or -1 at the end of the input. */
    private int peek() throws IOException {
        if (position == limit && fill(position) < 0) {
            return -1;
        }
        return position == limit ? -1 : buffer[position] & 0xff;
    }

    /** The first byte that is not white space, left unread; -1 at the end of the input. */
    private int skipWhiteSpace() throws IOException {
        while (true) {
            if (position == limit && (fill(position) < 0 || position == limit)) {
                return -1;
            }
            byte b = buffer[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b & 0xff;
            }
            position++;
        }
    }

    /** {@link #fill} inside a token: the input ending there is not sure. */
    private int more(int keep) throws IOException, NotSure {
        int moved = fill(keep);
        if (moved < 0 || position == limit) {
            throw NOT_SURE;
        }
        return moved;
    }

    /**
     * Reads more input, keeping {@code buffer[keep, limit)} (moved to the start, the buffer grown when full); returns
     * by how much the kept bytes moved, or -1 at the end of the input.
     */
    private int fill(int keep) throws IOException {
        if (ended) {
            return -1;
        }
        fills++;
        int kept = limit - keep;
        if (keep == 0 && limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        } else if (keep > 0) {
            System.arraycopy(buffer, keep, buffer, 0, kept);
        }
        position -= keep;
        limit = kept;
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            ended = true;
        } else {
            limit += read;
        }
        return keep;
    }
}
