package dev.unclosed.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * What is known of the class files in one jar (or the JDK's runtime image): each class's CRC-32 and, once read, its
 * header. Kept between runs by {@link HeaderCache}, so that a jar's classes are read ahead of their loading once
 * per machine, not once per JVM.
 *
 * <p>An entry is a fact about the file, never about which class a loader will define: a header found here is
 * checked against the class's own bytes when it loads (their CRC-32), see {@link Hierarchy#loaded}.
 *
 * <p>An index read from the cache stays in its file's bytes, entries sorted by name, and a class is looked up there
 * by binary search when first asked for: a JVM asks for a few of a jar's thousands of classes, and turning all of
 * them into strings and map entries at start cost a JVM 10 to 20 ms.
 */
final class HeaderIndex {

    /** The index's file layout; a file of another version is ignored (and rewritten). */
    static final int FORMAT = 3;
    private static final int NO_HEADER = -1;
    private static final int NO_NAME = -1;
    /** Bytes per entry in the file: name, CRC-32, access, superclass, first interface, interface count. */
    private static final int ENTRY_BYTES = 24;

    /** A class file's CRC-32 and header; the header is null while only the CRC is known (from the jar's directory). */
    record Entry(int crc, Hierarchy.Header header) {
    }

    /** The indexed file, canonical; its size and time when indexed: a file that differs is indexed anew. */
    final String path;
    final long size;
    final long modified;
    /** Whether every class of the file is listed (a jar's directory was read): a name not here is not in the file. */
    final boolean complete;
    /** Entries added in this JVM, and those of {@code file} looked up so far. */
    private final Map<String, Entry> entries;
    /** The file this index was read from, or null; its entries are looked up in place. */
    private final Stored file;
    private volatile boolean dirty;

    HeaderIndex(String path, long size, long modified, boolean complete, Map<String, Entry> entries) {
        this(path, size, modified, complete, entries, null);
    }

    private HeaderIndex(String path, long size, long modified, boolean complete, Map<String, Entry> entries, Stored file) {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.complete = complete;
        this.entries = entries;
        this.file = file;
    }

    /** A new, empty index of a file whose classes are not listed (the JDK's image, a jar not read yet). */
    static HeaderIndex empty(String path, long size, long modified) {
        return new HeaderIndex(path, size, modified, false, new ConcurrentHashMap<>());
    }

    Entry get(String internalName) {
        Entry entry = entries.get(internalName);
        if (entry == null && file != null) {
            entry = file.find(internalName);
            if (entry != null) {
                Entry raced = entries.putIfAbsent(internalName, entry);
                entry = raced != null ? raced : entry;
            }
        }
        return entry;
    }

    /** Whether the file holds this class: true or false once the file's classes are listed, else unknown (null). */
    Boolean holds(String internalName) {
        return get(internalName) != null ? Boolean.TRUE : complete ? Boolean.FALSE : null;
    }

    /** Records a header read from the file's own bytes of the class, with their CRC-32. */
    void put(String internalName, int crc, Hierarchy.Header header) {
        Entry known = get(internalName);
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
     * Writes the index: a table of the distinct names (supertypes repeat a lot), the entries sorted by name as
     * fixed-size records that refer to it, the interfaces' names, and a CRC-32 of all that.
     */
    void writeTo(DataOutputStream out) throws IOException {
        Map<String, Entry> all = new java.util.HashMap<>();
        if (file != null) {
            file.copyTo(all);
        }
        all.putAll(entries);
        List<String> classes = new ArrayList<>(all.keySet());
        classes.sort(BY_UTF8); // not a method reference: written at exit, where a first lambda spins classes
        ByteArrayOutputStream content = new ByteArrayOutputStream(64 + 40 * classes.size());
        DataOutputStream data = new DataOutputStream(content);
        data.writeInt(FORMAT);
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        data.writeShort(pathBytes.length);
        data.write(pathBytes);
        data.writeLong(size);
        data.writeLong(modified);
        data.writeBoolean(complete);
        // Names first, each where the records will point: its offset from the start of the file.
        Map<String, Integer> names = new java.util.HashMap<>();
        ByteArrayOutputStream nameBytes = new ByteArrayOutputStream();
        DataOutputStream nameData = new DataOutputStream(nameBytes);
        int namesStart = content.size() + 4;
        for (String c : classes) {
            name(c, names, nameData, namesStart);
            Hierarchy.Header header = all.get(c).header();
            if (header != null) {
                if (header.superName() != null) {
                    name(header.superName(), names, nameData, namesStart);
                }
                for (String i : header.interfaces()) {
                    name(i, names, nameData, namesStart);
                }
            }
        }
        data.writeInt(nameBytes.size());
        nameBytes.writeTo(data);
        data.writeInt(classes.size());
        List<Integer> interfaces = new ArrayList<>();
        for (String c : classes) {
            Entry e = all.get(c);
            Hierarchy.Header header = e.header();
            data.writeInt(names.get(c));
            data.writeInt(e.crc());
            if (header == null) {
                data.writeInt(NO_HEADER);
                data.writeInt(NO_NAME);
                data.writeInt(0);
                data.writeInt(0);
                continue;
            }
            data.writeInt(header.access());
            data.writeInt(header.superName() == null ? NO_NAME : names.get(header.superName()));
            data.writeInt(interfaces.size());
            data.writeInt(header.interfaces().length);
            for (String i : header.interfaces()) {
                interfaces.add(names.get(i));
            }
        }
        data.writeInt(interfaces.size());
        for (int i : interfaces) {
            data.writeInt(i);
        }
        data.flush();
        CRC32 crc = new CRC32();
        byte[] bytes = content.toByteArray();
        crc.update(bytes, 0, bytes.length);
        out.write(bytes);
        out.writeInt((int) crc.getValue());
    }

    private static void name(String name, Map<String, Integer> names, DataOutputStream to, int start) throws IOException {
        if (!names.containsKey(name)) {
            names.put(name, start + to.size());
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            to.writeShort(bytes.length);
            to.write(bytes);
        }
    }

    private static final java.util.Comparator<String> BY_UTF8 = new java.util.Comparator<String>() {
        @Override
        public int compare(String a, String b) {
            return compareUtf8(a, b);
        }
    };

    /** The order of the records: the names' UTF-8 bytes, unsigned, as {@link Stored#find} compares them. */
    private static int compareUtf8(String a, String b) {
        return compare(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static int compare(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return a.length - b.length;
    }

    /**
     * Reads an index written by {@link #writeTo}; throws IOException for anything else (another format, a cut or
     * altered file). Only the layout is checked here, and the CRC-32 of the whole; entries are read when asked for.
     */
    static HeaderIndex readFrom(byte[] file) throws IOException {
        try {
            if (file.length < 8) {
                throw new IOException("cut short");
            }
            ByteBuffer in = ByteBuffer.wrap(file, 0, file.length - 4);
            if (in.getInt() != FORMAT) {
                throw new IOException("another format");
            }
            CRC32 crc = new CRC32();
            crc.update(file, 0, file.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(file, file.length - 4, 4).getInt()) {
                throw new IOException("cut short or altered");
            }
            int pathLength = in.getShort() & 0xFFFF;
            String path = new String(file, in.position(), pathLength, StandardCharsets.UTF_8);
            in.position(in.position() + pathLength);
            long size = in.getLong();
            long modified = in.getLong();
            boolean complete = in.get() != 0;
            int namesLength = count(in);
            int namesStart = in.position();
            in.position(namesStart + namesLength);
            int count = in.getInt();
            if (count < 0 || (long) count * ENTRY_BYTES > in.remaining()) {
                throw new IOException("bad count");
            }
            int entriesStart = in.position();
            in.position(entriesStart + count * ENTRY_BYTES);
            int interfaceCount = in.getInt();
            if (interfaceCount < 0 || (long) interfaceCount * 4 != in.remaining()) {
                throw new IOException("bad interface count");
            }
            Stored stored = new Stored(file, namesStart, namesStart + namesLength, entriesStart, count, in.position(),
                    interfaceCount);
            return new HeaderIndex(path, size, modified, complete, new ConcurrentHashMap<>(), stored);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
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

    /**
     * The entries of an index file, in place. The file's CRC-32 was checked, so its references hold; should one
     * not, the entry reads as absent, never as another class's.
     */
    private static final class Stored {
        private final byte[] file;
        private final int namesStart;
        private final int namesEnd;
        private final int entriesStart;
        private final int count;
        private final int interfacesStart;
        private final int interfaceCount;

        Stored(byte[] file, int namesStart, int namesEnd, int entriesStart, int count, int interfacesStart,
               int interfaceCount) {
            this.file = file;
            this.namesStart = namesStart;
            this.namesEnd = namesEnd;
            this.entriesStart = entriesStart;
            this.count = count;
            this.interfacesStart = interfacesStart;
            this.interfaceCount = interfaceCount;
        }

        Entry find(String internalName) {
            byte[] wanted = internalName.getBytes(StandardCharsets.UTF_8);
            int low = 0;
            int high = count - 1;
            try {
                while (low <= high) {
                    int middle = (low + high) >>> 1;
                    int record = entriesStart + middle * ENTRY_BYTES;
                    int order = compareName(intAt(record), wanted);
                    if (order < 0) {
                        low = middle + 1;
                    } else if (order > 0) {
                        high = middle - 1;
                    } else {
                        return entryAt(record);
                    }
                }
            } catch (IndexOutOfBoundsException e) {
                return null;
            }
            return null;
        }

        void copyTo(Map<String, Entry> to) {
            try {
                for (int i = 0; i < count; i++) {
                    int record = entriesStart + i * ENTRY_BYTES;
                    to.put(nameAt(intAt(record)), entryAt(record));
                }
            } catch (IndexOutOfBoundsException e) {
                // What could be read is copied; the rest is read from the jar again.
            }
        }

        private Entry entryAt(int record) {
            int crc = intAt(record + 4);
            int access = intAt(record + 8);
            if (access == NO_HEADER) {
                return new Entry(crc, null);
            }
            int superName = intAt(record + 12);
            int first = intAt(record + 16);
            int n = intAt(record + 20);
            if (first < 0 || n < 0 || (long) first + n > interfaceCount) {
                throw new IndexOutOfBoundsException("interfaces");
            }
            String[] interfaces = n == 0 ? NONE : new String[n];
            for (int i = 0; i < n; i++) {
                interfaces[i] = nameAt(intAt(interfacesStart + 4 * (first + i)));
            }
            return new Entry(crc, new Hierarchy.Header(access, superName == NO_NAME ? null : nameAt(superName), interfaces));
        }

        private int compareName(int at, byte[] wanted) {
            int length = nameLength(at);
            int n = Math.min(length, wanted.length);
            for (int i = 0; i < n; i++) {
                int d = (file[at + 2 + i] & 0xFF) - (wanted[i] & 0xFF);
                if (d != 0) {
                    return d;
                }
            }
            return length - wanted.length;
        }

        private String nameAt(int at) {
            return new String(file, at + 2, nameLength(at), StandardCharsets.UTF_8);
        }

        private int nameLength(int at) {
            if (at < namesStart || at + 2 > namesEnd) {
                throw new IndexOutOfBoundsException("name");
            }
            int length = ((file[at] & 0xFF) << 8) | (file[at + 1] & 0xFF);
            if (at + 2 + length > namesEnd) {
                throw new IndexOutOfBoundsException("name");
            }
            return length;
        }

        private int intAt(int at) {
            return ((file[at] & 0xFF) << 24) | ((file[at + 1] & 0xFF) << 16) | ((file[at + 2] & 0xFF) << 8) | (file[at + 3] & 0xFF);
        }

        private static final String[] NONE = new String[0];
    }
}
