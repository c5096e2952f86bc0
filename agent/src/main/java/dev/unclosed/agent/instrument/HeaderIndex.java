package dev.unclosed.agent.instrument;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is known of the class files in one jar (or the JDK's runtime image): each class's CRC-32 and, once read, its
 * header. Kept between runs by {@link HeaderCache}, so that a jar's classes are read ahead of their loading once
 * per machine, not once per JVM.
 *
 * <p>An entry is a fact about the file, never about which class a loader will define: a header found here is
 * checked against the class's own bytes when it loads (their CRC-32), see {@link Hierarchy#loaded}.
 */
final class HeaderIndex {

    /** The index's file layout; a file of another version is ignored (and rewritten). */
    static final int FORMAT = 2;
    private static final int NO_HEADER = -1;

    /** A class file's CRC-32 and header; the header is null while only the CRC is known (from the jar's directory). */
    record Entry(int crc, Hierarchy.Header header) {
    }

    /** The indexed file, canonical; its size and time when indexed: a file that differs is indexed anew. */
    final String path;
    final long size;
    final long modified;
    /** Whether every class of the file is listed (a jar's directory was read): a name not here is not in the file. */
    final boolean complete;
    private final Map<String, Entry> entries;
    private volatile boolean dirty;

    HeaderIndex(String path, long size, long modified, boolean complete, Map<String, Entry> entries) {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.complete = complete;
        this.entries = entries;
    }

    /** A new, empty index of a file whose classes are not listed (the JDK's image, a jar not read yet). */
    static HeaderIndex empty(String path, long size, long modified) {
        return new HeaderIndex(path, size, modified, false, new ConcurrentHashMap<>());
    }

    Entry get(String internalName) {
        return entries.get(internalName);
    }

    /** Whether the file holds this class: true or false once the file's classes are listed, else unknown (null). */
    Boolean holds(String internalName) {
        return entries.containsKey(internalName) ? Boolean.TRUE : complete ? Boolean.FALSE : null;
    }

    /** Records a header read from the file's own bytes of the class, with their CRC-32. */
    void put(String internalName, int crc, Hierarchy.Header header) {
        Entry known = entries.get(internalName);
        if (known == null || known.header() == null || known.crc() != crc) {
            entries.put(internalName, new Entry(crc, header));
            dirty = true;
        }
    }

    void markChanged() {
        dirty = true;
    }

    boolean isDirty() {
        return dirty;
    }

    void written() {
        dirty = false;
    }

    /** Whether this index describes the file as it is now. */
    boolean describes(String path, long size, long modified) {
        return this.path.equals(path) && this.size == size && this.modified == modified;
    }

    /**
     * Writes the index: a table of the distinct names (supertypes repeat a lot), then the entries as indexes into
     * it; read back in one piece, without a DataInputStream call per string.
     */
    void writeTo(DataOutputStream out) throws IOException {
        Map<String, Entry> snapshot = Map.copyOf(entries);
        Map<String, Integer> names = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
            names.putIfAbsent(e.getKey(), names.size());
            Hierarchy.Header header = e.getValue().header();
            if (header != null) {
                names.putIfAbsent(header.superName() == null ? "" : header.superName(), names.size());
                for (String i : header.interfaces()) {
                    names.putIfAbsent(i, names.size());
                }
            }
        }
        out.writeInt(FORMAT);
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        out.writeShort(pathBytes.length);
        out.write(pathBytes);
        out.writeLong(size);
        out.writeLong(modified);
        out.writeBoolean(complete);
        out.writeInt(names.size());
        for (String name : names.keySet()) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            out.writeShort(bytes.length);
            out.write(bytes);
        }
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
            out.writeInt(names.get(e.getKey()));
            out.writeInt(e.getValue().crc());
            Hierarchy.Header header = e.getValue().header();
            if (header == null) {
                out.writeInt(NO_HEADER);
                continue;
            }
            out.writeInt(header.access());
            out.writeInt(names.get(header.superName() == null ? "" : header.superName()));
            out.writeShort(header.interfaces().length);
            for (String i : header.interfaces()) {
                out.writeInt(names.get(i));
            }
        }
    }

    /** Reads an index written by {@link #writeTo}; throws IOException for anything else (another format, a cut file). */
    static HeaderIndex readFrom(byte[] file) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(file);
            if (in.getInt() != FORMAT) {
                throw new IOException("another format");
            }
            String path = utf8(in, in.getShort() & 0xFFFF);
            long size = in.getLong();
            long modified = in.getLong();
            boolean complete = in.get() != 0;
            String[] names = new String[count(in)];
            for (int n = 0; n < names.length; n++) {
                names[n] = utf8(in, in.getShort() & 0xFFFF);
            }
            int count = count(in);
            Map<String, Entry> entries = new ConcurrentHashMap<>(Math.max(16, count * 4 / 3 + 1));
            String[] none = new String[0];
            for (int n = 0; n < count; n++) {
                String name = names[in.getInt()];
                int crc = in.getInt();
                int access = in.getInt();
                if (access == NO_HEADER) {
                    entries.put(name, new Entry(crc, null));
                    continue;
                }
                String superName = names[in.getInt()];
                int interfaceCount = in.getShort() & 0xFFFF;
                String[] interfaces = interfaceCount == 0 ? none : new String[interfaceCount];
                for (int i = 0; i < interfaceCount; i++) {
                    interfaces[i] = names[in.getInt()];
                }
                entries.put(name, new Entry(crc, new Hierarchy.Header(access, superName.isEmpty() ? null : superName, interfaces)));
            }
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes");
            }
            return new HeaderIndex(path, size, modified, complete, entries);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("cut short or corrupt", e);
        }
    }

    private static int count(ByteBuffer in) throws IOException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IOException("bad count");
        }
        return count;
    }

    private static String utf8(ByteBuffer in, int length) {
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
