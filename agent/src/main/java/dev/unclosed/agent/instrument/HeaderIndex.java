package dev.unclosed.agent.instrument;

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
 * <p>An index read from the cache stays in its file's bytes, and a class is looked up there through the file's hash
 * table when first asked for: a JVM asks for a few of a jar's thousands of classes, and turning all of them into
 * strings and map entries at start cost a JVM 10 to 20 ms.
 */
final class HeaderIndex {

    /** The index's file layout; a file of another version is ignored (and rewritten). */
    static final int FORMAT = 4;
    private static final int NO_HEADER = -1;
    private static final int NO_NAME = -1;
    /**
     * Bytes per entry in the file: name's number, CRC-32, access, superclass's, first interface, interface count,
     * flags.
     */
    private static final int ENTRY_BYTES = 28;
    /** The flag of an entry whose class was scanned and calls no constructor of a tracked class. */
    private static final int CALLS_NO_TRACKED_CONSTRUCTOR = 1;
    /** The flag of an entry whose class was scanned and calls one (its instrumented copy was kept). */
    private static final int CALLS_TRACKED_CONSTRUCTOR = 2;
    /** The flag of an entry whose class needs no hooks, decided by this file and the JDK alone. */
    private static final int NOT_CLOSEABLE_HERE = 4;
    private static final int ALL_VERDICTS = CALLS_NO_TRACKED_CONSTRUCTOR | CALLS_TRACKED_CONSTRUCTOR | NOT_CLOSEABLE_HERE;

    /**
     * A class file's CRC-32 and header; the header is null while only the CRC is known (from the jar's directory).
     * {@code verdicts}, reached in a JVM of this index's {@link #world}: for application code scanned, whether it
     * was found to call a constructor of a tracked class ({@link #CALLS_TRACKED_CONSTRUCTOR}) or none
     * ({@link #CALLS_NO_TRACKED_CONSTRUCTOR}); and whether it is {@link #NOT_CLOSEABLE_HERE}.
     */
    record Entry(int crc, Hierarchy.Header header, int verdicts) {
        Entry(int crc, Hierarchy.Header header) {
            this(crc, header, 0);
        }

        /** What scanning the class found, or 0 if it was not scanned. */
        int scan() {
            int scan = verdicts & (CALLS_NO_TRACKED_CONSTRUCTOR | CALLS_TRACKED_CONSTRUCTOR);
            return scan == (CALLS_NO_TRACKED_CONSTRUCTOR | CALLS_TRACKED_CONSTRUCTOR) ? 0 : scan;
        }

        /** {@link HeaderIndex#isNotCloseableHere} of the class file of this CRC-32, said by this entry. */
        boolean notCloseableHere(int crc) {
            return this.crc == crc && (verdicts & NOT_CLOSEABLE_HERE) != 0;
        }

        /** {@link HeaderIndex#callsNoTrackedConstructor} of the class file of this CRC-32, said by this entry. */
        boolean callsNoTrackedConstructor(int crc) {
            return this.crc == crc && scan() == CALLS_NO_TRACKED_CONSTRUCTOR;
        }

        /** {@link HeaderIndex#callsTrackedConstructor} of the class file of this CRC-32, said by this entry. */
        boolean callsTrackedConstructor(int crc) {
            return this.crc == crc && scan() == CALLS_TRACKED_CONSTRUCTOR;
        }
    }

    /** The indexed file, canonical; its size and time when indexed: a file that differs is indexed anew. */
    final String path;
    final long size;
    final long modified;
    /** Whether every class of the file is listed (a jar's directory was read): a name not here is not in the file. */
    final boolean complete;
    /**
     * What the entries' verdicts about constructor calls were reached with (the agent, its options, the JDK; see
     * {@link HeaderCache}): read in a JVM of another, a file's verdicts are left out.
     */
    final int world;
    /** Entries added in this JVM, and those of {@code file} looked up so far. */
    private final Map<String, Entry> entries;
    /** The file this index was read from, or null; its entries are looked up in place. */
    private final Stored file;
    private volatile boolean dirty;

    HeaderIndex(String path, long size, long modified, boolean complete, int world, Map<String, Entry> entries) {
        this(path, size, modified, complete, world, entries, null);
    }

    private HeaderIndex(String path, long size, long modified, boolean complete, int world, Map<String, Entry> entries,
                        Stored file) {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.complete = complete;
        this.world = world;
        this.entries = entries;
        this.file = file;
    }

    /** A new, empty index of a file whose classes are not listed (the JDK's image, a jar not read yet). */
    static HeaderIndex empty(String path, long size, long modified, int world) {
        return new HeaderIndex(path, size, modified, false, world, new ConcurrentHashMap<>());
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

    /**
     * Whether the class file of this CRC-32 was found, in a JVM of this index's world, to call no constructor of a
     * tracked class: its constant pool need not be scanned again. Should the answer be out of date (a library the
     * class calls into changed so that one of its classes is now tracked), what is lost is that class's call sites'
     * marks, so each object of theirs gets an allocation stack of its own instead of one shared with its site's
     * others: never an object tracked or not, never a finding.
     */
    boolean callsNoTrackedConstructor(String internalName, int crc) {
        Entry known = get(internalName);
        return known != null && known.callsNoTrackedConstructor(crc);
    }

    /**
     * Whether the class file of this CRC-32 was found, in a JVM of this index's world, to call a constructor of a
     * tracked class: then its instrumented copy was kept, and may be looked for before the scan (the copy holds
     * only if the scan's questions get the same answers now, so an answer out of date costs a scan, nothing else).
     */
    boolean callsTrackedConstructor(String internalName, int crc) {
        Entry known = get(internalName);
        return known != null && known.callsTrackedConstructor(crc);
    }

    /**
     * Records what scanning a class, loaded just now from the file's bytes of this CRC-32, found: whether it calls
     * a constructor of a tracked class.
     */
    void scanned(String internalName, int crc, Hierarchy.Header header, boolean callsTrackedConstructor) {
        int scan = callsTrackedConstructor ? CALLS_TRACKED_CONSTRUCTOR : CALLS_NO_TRACKED_CONSTRUCTOR;
        Entry known = get(internalName);
        if (known == null || known.crc() != crc || known.scan() != scan) {
            int kept = known != null && known.crc() == crc ? known.verdicts() & NOT_CLOSEABLE_HERE : 0;
            entries.put(internalName, new Entry(crc, header, kept | scan));
            dirty = true;
        }
    }

    /**
     * Whether the class file of this CRC-32 was found, in a JVM of this index's world, to be no closeable that the
     * transformer instruments (an interface, a class that is no {@code AutoCloseable}, one never tracked), with every
     * one of its supertypes a class of this file or the JDK's: the transformer then leaves it as it is without the
     * closeable test and its questions about other classes (unless its call sites are to be marked). The answer
     * holds as long as the loader defines those supertypes from this file; one defined from elsewhere contradicts
     * what was expected of it here when it loads ({@link Hierarchy#loadedAsIndexed}), and the sweep that follows
     * instruments whatever closeable was missed.
     */
    boolean isNotCloseableHere(String internalName, int crc) {
        Entry known = get(internalName);
        return known != null && known.notCloseableHere(crc);
    }

    /** Records that the class file of this CRC-32 is {@link #isNotCloseableHere}, as found in this JVM. */
    void notCloseableHere(String internalName, int crc, Hierarchy.Header header) {
        Entry known = get(internalName);
        if (known == null || known.crc() != crc) {
            entries.put(internalName, new Entry(crc, header, NOT_CLOSEABLE_HERE));
            dirty = true;
        } else if ((known.verdicts() & NOT_CLOSEABLE_HERE) == 0) {
            entries.put(internalName, new Entry(crc, known.header() != null ? known.header() : header,
                    known.verdicts() | NOT_CLOSEABLE_HERE));
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
     * Writes the index: a table of the distinct names (supertypes repeat a lot) with the offset of each, the entries
     * sorted by name as fixed-size records that refer to names by number, the interfaces' names, a hash table of the
     * records by name, and a CRC-32 of all that.
     */
    void writeTo(CacheBytes out) {
        Map<String, Entry> all = new java.util.HashMap<>();
        if (file != null) {
            file.copyTo(all);
        }
        all.putAll(entries);
        List<String> classes = new ArrayList<>(all.keySet());
        java.util.Collections.sort(classes); // the same index, the same bytes
        CacheBytes data = new CacheBytes(64 + 48 * classes.size());
        data.writeInt(FORMAT);
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        data.writeShort(pathBytes.length);
        data.write(pathBytes);
        data.writeLong(size);
        data.writeLong(modified);
        data.writeBoolean(complete);
        data.writeInt(world);
        // Names first, numbered in the order met; each one's offset in the names' bytes follows them.
        Map<String, Integer> names = new java.util.HashMap<>();
        List<Integer> offsets = new ArrayList<>();
        CacheBytes nameData = new CacheBytes(32 * classes.size());
        for (String c : classes) {
            name(c, names, offsets, nameData);
            Hierarchy.Header header = all.get(c).header();
            if (header != null) {
                if (header.superName() != null) {
                    name(header.superName(), names, offsets, nameData);
                }
                for (String i : header.interfaces()) {
                    name(i, names, offsets, nameData);
                }
            }
        }
        data.writeInt(nameData.size());
        data.write(nameData);
        data.writeInt(offsets.size());
        for (int offset : offsets) {
            data.writeInt(offset);
        }
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
                data.writeInt(0);
                continue;
            }
            data.writeInt(header.access());
            data.writeInt(header.superName() == null ? NO_NAME : names.get(header.superName()));
            data.writeInt(interfaces.size());
            data.writeInt(header.interfaces().length);
            data.writeInt(e.verdicts());
            for (String i : header.interfaces()) {
                interfaces.add(names.get(i));
            }
        }
        data.writeInt(interfaces.size());
        for (int i : interfaces) {
            data.writeInt(i);
        }
        int[] table = hashTable(classes);
        data.writeInt(table.length / 2);
        for (int slot : table) {
            data.writeInt(slot);
        }
        CRC32 crc = new CRC32();
        byte[] bytes = data.toByteArray();
        crc.update(bytes, 0, bytes.length);
        out.write(bytes);
        out.writeInt((int) crc.getValue());
    }

    /**
     * The records by name: slots of (the name's {@link String#hashCode}, the record's number + 1), at least twice
     * as many as records, open addressing. The hash is the one every JVM computes (and caches in the string the
     * class loader passes), so a look-up compares one name, not the dozen of a binary search.
     */
    private static int[] hashTable(List<String> sortedClasses) {
        int slots = Integer.highestOneBit(Math.max(1, sortedClasses.size()) * 2 - 1) << 1;
        int[] table = new int[2 * slots];
        for (int record = 0; record < sortedClasses.size(); record++) {
            int hash = sortedClasses.get(record).hashCode();
            int slot = spread(hash) & (slots - 1);
            while (table[2 * slot + 1] != 0) {
                slot = (slot + 1) & (slots - 1);
            }
            table[2 * slot] = hash;
            table[2 * slot + 1] = record + 1;
        }
        return table;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static void name(String name, Map<String, Integer> names, List<Integer> offsets, CacheBytes to) {
        if (!names.containsKey(name)) {
            names.put(name, offsets.size());
            offsets.add(to.size());
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            to.writeShort(bytes.length);
            to.write(bytes);
        }
    }

    /**
     * Reads an index written by {@link #writeTo}, for a JVM of {@code world} (the file's verdicts are kept only if it
     * is the file's); throws IOException for anything else (another format, a cut or altered file). Only the layout
     * is checked here, and the CRC-32 of the whole; entries are read when asked for.
     */
    static HeaderIndex readFrom(byte[] file, int world) throws IOException {
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
            boolean verdictsHold = in.getInt() == world;
            int namesStart = in.position() + 4;
            int namesEnd = namesStart + count(in, 1);
            in.position(namesEnd);
            int nameCount = count(in, 4);
            int offsetsStart = in.position();
            in.position(offsetsStart + 4 * nameCount);
            int records = count(in, ENTRY_BYTES);
            int entriesStart = in.position();
            in.position(entriesStart + records * ENTRY_BYTES);
            int interfaceCount = count(in, 4);
            int interfacesStart = in.position();
            in.position(interfacesStart + 4 * interfaceCount);
            int slots = count(in, 8);
            if (Integer.bitCount(slots) != 1 || slots < 2 * records || 8L * slots != in.remaining()) {
                throw new IOException("bad hash table");
            }
            Stored stored = new Stored(file, namesStart, namesEnd, offsetsStart, nameCount, entriesStart, records,
                    interfacesStart, interfaceCount, in.position(), slots, verdictsHold);
            return new HeaderIndex(path, size, modified, complete, world,
                    new ConcurrentHashMap<>(Math.min(records, MAX_PRESIZED)), stored);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("cut short or corrupt", e);
        }
    }

    /**
     * Entries looked up are kept in a map sized for the index's classes, up to this many: grown one doubling at a
     * time, it copied itself several times while the JVM's first classes loaded, interpreted.
     */
    private static final int MAX_PRESIZED = 8192;

    /** A count of items of {@code bytes} each that must fit in what remains. */
    private static int count(ByteBuffer in, int bytes) throws IOException {
        int count = in.getInt();
        if (count < 0 || (long) count * bytes > in.remaining()) {
            throw new IOException("bad count");
        }
        return count;
    }

    /**
     * The entries of an index file, in place. The file's CRC-32 was checked, so its references hold; should one
     * not, the entry reads as absent, never as another class's. Each name is made a string once: the supertypes
     * of a jar's classes are few, and one string for each keeps its hash for the maps it is looked up in.
     */
    private static final class Stored {
        private final byte[] file;
        private final int namesStart;
        private final int namesEnd;
        private final int offsetsStart;
        private final int entriesStart;
        private final int count;
        private final int interfacesStart;
        private final int interfaceCount;
        private final int tableStart;
        private final int slots;
        /** The names made strings so far, by number; a race makes one twice, which is harmless. */
        private final String[] names;
        /** Whether the entries' verdicts were reached in a JVM of the world reading them. */
        private final boolean verdictsHold;

        Stored(byte[] file, int namesStart, int namesEnd, int offsetsStart, int nameCount, int entriesStart, int count,
               int interfacesStart, int interfaceCount, int tableStart, int slots, boolean verdictsHold) {
            this.file = file;
            this.namesStart = namesStart;
            this.namesEnd = namesEnd;
            this.offsetsStart = offsetsStart;
            this.names = new String[nameCount];
            this.entriesStart = entriesStart;
            this.count = count;
            this.interfacesStart = interfacesStart;
            this.interfaceCount = interfaceCount;
            this.tableStart = tableStart;
            this.slots = slots;
            this.verdictsHold = verdictsHold;
        }

        Entry find(String internalName) {
            int hash = internalName.hashCode();
            try {
                int slot = spread(hash) & (slots - 1);
                for (int probes = 0; probes < slots; probes++) {
                    int at = tableStart + 8 * slot;
                    int record = intAt(at + 4) - 1;
                    if (record < 0) {
                        return null;
                    }
                    if (intAt(at) == hash && record < count) {
                        int where = entriesStart + record * ENTRY_BYTES;
                        if (isName(intAt(where), internalName)) {
                            return entryAt(where);
                        }
                    }
                    slot = (slot + 1) & (slots - 1);
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
            int verdicts = verdictsHold ? intAt(record + 24) & ALL_VERDICTS : 0;
            return new Entry(crc, new Hierarchy.Header(access, superName == NO_NAME ? null : nameAt(superName), interfaces),
                    verdicts);
        }

        /** Whether name number {@code number} is {@code wanted}; if so, that string is the name's from now on. */
        private boolean isName(int number, String wanted) {
            String known = names[number];
            if (known != null) {
                return known.equals(wanted);
            }
            int at = nameOffset(number);
            int length = nameLength(at);
            if (length != wanted.length()) {
                return length >= wanted.length() && nameAt(number).equals(wanted); // longer: not ASCII, or not it
            }
            for (int i = 0; i < length; i++) {
                int b = file[at + 2 + i];
                if (b < 0) {
                    return nameAt(number).equals(wanted); // not ASCII: compared decoded
                }
                if (b != wanted.charAt(i)) {
                    return false;
                }
            }
            names[number] = wanted;
            return true;
        }

        private String nameAt(int number) {
            String name = names[number];
            if (name == null) {
                int at = nameOffset(number);
                name = new String(file, at + 2, nameLength(at), StandardCharsets.UTF_8);
                names[number] = name;
            }
            return name;
        }

        private int nameOffset(int number) {
            if (number < 0 || number >= names.length) {
                throw new IndexOutOfBoundsException("name");
            }
            return namesStart + intAt(offsetsStart + 4 * number);
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
