package dev.unclosed.agent.instrument;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The bytes of a cache file as they are put together, big-endian as {@code DataOutputStream} writes them (the
 * readers take them with a {@code ByteBuffer}). Not a {@code DataOutputStream}: that one is a closeable that loads
 * only when a JVM first writes the cache, at its exit, and is then instrumented like any other, with ASM not yet
 * loaded: 6 to 10 ms of such an exit, where the agent runs from the bootstrap loader (nothing verifies its classes,
 * so nothing loads that class at start). The file is written through {@code FileOutputStream}, instrumented at start.
 */
final class CacheBytes {

    private byte[] bytes;
    private int size;

    CacheBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void writeByte(int value) {
        room(1);
        bytes[size++] = (byte) value;
    }

    void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    void writeShort(int value) {
        room(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void writeInt(int value) {
        room(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int offset, int length) {
        room(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    void write(CacheBytes other) {
        write(other.bytes, 0, other.size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The bytes so far as a new file (or over an old one). */
    void writeTo(File file) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(bytes, 0, size);
        }
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
