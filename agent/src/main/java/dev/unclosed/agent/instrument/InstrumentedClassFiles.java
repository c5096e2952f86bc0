package dev.unclosed.agent.instrument;

import dev.unclosed.agent.ProcessId;
import dev.unclosed.agent.ClassFiles;
import dev.unclosed.agent.ZipDirectory;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class files as this agent instrumented them, kept between runs next to the header indexes (see
 * {@link HeaderCache}): instrumenting a closeable class with ASM costs about a millisecond while the JVM is cold,
 * and the same classes (the JDK's streams, a library's) are instrumented again by every JVM of a build.
 *
 * <p>A copy is used only for the very class file it was made from (name and CRC-32), by the same agent jar with
 * the same options, and when every question the instrumentation asked about other classes (is this parameter
 * type a closeable, does that constructor track) gets the same answer now: the copy is what instrumenting would
 * produce. Application code is kept too: its call sites' ids are given anew in each JVM that uses the copy (see
 * {@link SiteIdSlots}).
 *
 * <p>The copies of the JDK classes retransformed (at start: those loaded before the agent) are kept together, in
 * one file per JDK (the {@code world}), with the header of the class file each was made from: every JVM retransforms
 * the same thirty-odd JDK classes at start, and one file read, with no header parsed, costs less than thirty. The
 * copies of a jar's classes are the entries of one zip file per jar (its pack, named as the jar's index is), read
 * whole when the first of them is asked for: a copy then costs a look-up and a copy of its bytes, not a file opened
 * and closed (about 90 µs each, a hundred of them for H2) nor reads through a {@code ZipFile}. The JDK's classes
 * that load later, and classes from directories, are a file each.
 */
final class InstrumentedClassFiles {

    private static final int FORMAT = 2;

    /** What an instrumentation asked about other classes, and the answers, in order. */
    static final class Answers {
        static final char TRACKED = 't';
        static final char ACCESSIBLE = 'a';
        static final char CLOSEABLE = 'c';

        private final StringBuilder kinds = new StringBuilder();
        private final List<String> names = new ArrayList<>();
        private final StringBuilder answers = new StringBuilder();

        boolean record(char kind, String name, boolean answer) {
            kinds.append(kind);
            names.add(name);
            answers.append(answer ? '1' : '0');
            return answer;
        }
    }

    /** Asks a question again, now. */
    interface Questions {
        boolean ask(char kind, String name);
    }

    /** Where copies go; one directory per agent jar and options. */
    private final File directory;
    /** The copies of the JDK's retransformed classes, for this JDK. */
    private final File jdkPack;
    private final List<Pending> pending = new ArrayList<>();
    /**
     * The pack of each jar (by its canonical path) as read in this JVM, softly: a pack is read whole, once, when the
     * first copy of its jar is asked for, and what the JVM no longer needs may be collected (then read again if
     * asked); or {@link #NO_PACK}.
     */
    private final Map<String, java.lang.ref.SoftReference<Pack>> jarPacks = new ConcurrentHashMap<>();
    private static final java.lang.ref.SoftReference<Pack> NO_PACK = new java.lang.ref.SoftReference<>(null);

    /** A jar's pack read whole: its bytes and its entries. */
    private record Pack(byte[] bytes, Map<String, ZipDirectory.Entry> entries) {
        /**
         * An entry's content where it is in the pack's bytes (from the buffer's position to its limit), or null if
         * there is none of that name or it is not stored as this agent writes: a copy is read from there, its class
         * file copied out once, not the whole record first.
         */
        ByteBuffer view(String name) {
            ZipDirectory.Entry entry = entries.get(name);
            if (entry == null || entry.method() != 0 || entry.size() != entry.compressedSize()) {
                return null;
            }
            return ByteBuffer.wrap(bytes, entry.dataStart(), entry.size());
        }

        /** An entry's content, copied out; null as for {@link #view}. */
        byte[] content(String name) {
            ByteBuffer view = view(name);
            return view == null ? null : java.util.Arrays.copyOfRange(bytes, view.position(), view.limit());
        }
    }

    /** A jar's pack, read whole; null if it is missing or damaged. */
    private static Pack readJarPack(File file) {
        byte[] bytes = file.isFile() ? read(file) : null;
        try {
            return bytes == null ? null : new Pack(bytes, ZipDirectory.entriesOf(bytes));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code jar}: the canonical path of the jar the class came from, for its pack; null for a file of its own.
     * {@code jdkHeader}: the header of the class file, for a retransformed JDK class (for the JDK pack); else null.
     */
    private record Pending(String className, int crc, boolean applicationCode, String jar, Answers answers,
                           byte[] classFile, int[] siteIdOffsets, Hierarchy.Header jdkHeader) {
    }

    /** The JDK pack as read, by class name; null until first asked. */
    private volatile Map<String, JdkCopy> jdkCopies;

    /**
     * A JDK class's copy in the pack: the CRC-32 of the class file it was made from; where in the pack its entry
     * starts, the header of its class file starts (read only when asked for), its record's body (answers on) starts,
     * and all end; and the copy of another form of the same class (the JVM hands some in one of two), or null.
     */
    private record JdkCopy(int crc, byte[] pack, int start, int header, int body, int end, JdkCopy next) {
    }

    InstrumentedClassFiles(File directory, int world) {
        this.directory = directory;
        this.jdkPack = new File(directory, "jdk-" + Integer.toHexString(world) + ".pack");
    }

    /**
     * The cache directory's copies for this agent ({@link HeaderCache#agentIdentity}) and whether call sites are
     * marked, or null when the agent has no identity or no directory is kept.
     */
    static InstrumentedClassFiles in(File cacheDirectory, String agentIdentity, boolean marksSites, int world) {
        if (cacheDirectory == null || agentIdentity == null) {
            return null;
        }
        int key = HeaderCache.crcOf(agentIdentity + '\n' + marksSites);
        return new InstrumentedClassFiles(new File(cacheDirectory, "instrumented-" + Integer.toHexString(key)), world);
    }

    /** Whether any copy was kept for this agent jar and these options, by this JVM or an earlier one. */
    boolean anyKept() {
        return directory.isDirectory();
    }

    /**
     * The instrumented copy of this class file, if one was kept and still holds, its call sites given ids from
     * {@code ids}; else null. {@code applicationCode}: instrumented as the application's (its call sites marked).
     * {@code jar}: the canonical path of the jar the class comes from, whose pack holds its copy; null if none.
     */
    byte[] find(String className, int crc, boolean applicationCode, String jar, Questions questions,
                SiteIdSlots.Ids ids) {
        ByteBuffer in;
        if (jar == null) {
            byte[] content = read(fileFor(className, crc, applicationCode));
            in = content == null ? null : ByteBuffer.wrap(content);
        } else {
            in = readFromPack(jar, entryName(className, crc, applicationCode));
        }
        if (in == null) {
            return null; // none kept
        }
        try {
            if (in.getInt() != FORMAT || !className.equals(utf8(in)) || in.getInt() != crc) {
                return null;
            }
            return body(in, in.limit(), questions, ids);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The instrumented copy of this JDK class file, retransformed, if the pack has one that still holds; else null. */
    byte[] findJdk(String className, int crc, Questions questions) {
        JdkCopy copy = jdkCopy(className, crc);
        if (copy == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(copy.pack());
            in.position(copy.body());
            return body(in, copy.end(), questions, null);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The header of this JDK class file, retransformed, from the pack, which keeps one with each copy; else null. */
    Hierarchy.Header jdkHeader(String className, int crc) {
        JdkCopy copy = jdkCopy(className, crc);
        if (copy == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(copy.pack());
            in.position(copy.header());
            int access = in.getShort() & 0xFFFF;
            String superName = utf8(in);
            String[] interfaces = new String[in.getShort() & 0xFFFF];
            for (int i = 0; i < interfaces.length; i++) {
                interfaces[i] = utf8(in);
            }
            return in.position() == copy.body()
                    ? new Hierarchy.Header(access, superName.isEmpty() ? null : superName, interfaces) : null;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The rest of a copy's record, from the answers on, up to {@code end}; null if an answer differs now or the
     * record is damaged. {@code ids}: for the call sites' ids; null where there can be none (the JDK's).
     */
    private static byte[] body(ByteBuffer in, int end, Questions questions, SiteIdSlots.Ids ids) {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            char kind = (char) in.get();
            String name = utf8(in);
            boolean answer = in.get() != 0;
            if (questions.ask(kind, name) != answer) {
                return null; // the class path differs from the run that kept it: instrumented anew
            }
        }
        int slots = in.getInt();
        if (slots < 0 || slots > in.remaining() / 4 || (ids == null && slots > 0)) {
            return null;
        }
        int[] siteIdOffsets = new int[slots];
        for (int i = 0; i < siteIdOffsets.length; i++) {
            siteIdOffsets[i] = in.getInt();
        }
        int length = in.getInt();
        if (length < 0 || length != end - in.position()) {
            return null;
        }
        byte[] classFile = new byte[length];
        in.get(classFile);
        for (int offset : siteIdOffsets) {
            if (offset < 10 || offset + 4 > classFile.length) {
                return null;
            }
        }
        if (slots > 0) {
            SiteIdSlots.assign(classFile, siteIdOffsets, ids);
        }
        return classFile;
    }

    /**
     * Looked up by the class's name as the JVM gave it (its hash computed once), not by a key made of name and
     * CRC-32: asked twice per class at start, a string built each time.
     */
    private JdkCopy jdkCopy(String className, int crc) {
        for (JdkCopy copy = jdkCopies().get(className); copy != null; copy = copy.next()) {
            if (copy.crc() == crc) {
                return copy;
            }
        }
        return null;
    }

    private static String jdkKey(String className, int crc) {
        return className + '@' + Integer.toHexString(crc);
    }

    /**
     * Reads the JDK pack now, if no thread has: the warm-up does, on the second processor, before the retransformation
     * of the JDK's classes at start needs it. Whoever comes second waits for the first read, not reading it again.
     */
    void readJdkPack() {
        jdkCopies();
    }

    private Map<String, JdkCopy> jdkCopies() {
        Map<String, JdkCopy> copies = jdkCopies;
        if (copies == null) {
            synchronized (jdkPack) {
                copies = jdkCopies;
                if (copies == null) {
                    copies = readPack(read(jdkPack));
                    jdkCopies = copies;
                }
            }
        }
        return copies;
    }

    /** The pack's copies by class name; empty if it is missing or damaged (then it is written anew at exit). */
    private static Map<String, JdkCopy> readPack(byte[] pack) {
        Map<String, JdkCopy> copies = new HashMap<>();
        if (pack == null) {
            return copies;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(pack);
            if (in.getInt() != FORMAT) {
                return new HashMap<>();
            }
            while (in.hasRemaining()) {
                int length = in.getInt();
                int start = in.position();
                int end = start + length;
                if (length < 0 || end > pack.length) {
                    return new HashMap<>();
                }
                String className = utf8(in);
                int crc = in.getInt();
                int header = in.position();
                in.position(header + 2);
                skipUtf8(in); // the superclass
                for (int i = in.getShort() & 0xFFFF; i > 0; i--) {
                    skipUtf8(in);
                }
                if (in.position() > end) {
                    return new HashMap<>();
                }
                copies.put(className, new JdkCopy(crc, pack, start, header, in.position(), end, copies.get(className)));
                in.position(end);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return new HashMap<>();
        }
        return copies;
    }

    /**
     * A copy from a jar's pack, where it is in the pack's bytes ({@link Pack#view}); null if the jar has none, or
     * none for this class file, or it cannot be read. The
     * pack is read whole and its directory parsed once: a hundred copies read one by one through a {@code ZipFile}
     * cost H2 and Jackson's classes 10 ms of CPU, most of it a few reads of the file per copy.
     */
    private ByteBuffer readFromPack(String jar, String entryName) {
        java.lang.ref.SoftReference<Pack> kept = jarPacks.get(jar);
        Pack pack = kept == null ? null : kept.get();
        if (kept == NO_PACK) {
            return null;
        }
        if (pack == null) {
            // Looked for once per JVM (most jars have no closeable); one missing or damaged is not read again, and
            // a damaged one is written anew at exit.
            pack = readJarPack(packFor(jar));
            jarPacks.put(jar, pack == null ? NO_PACK : new java.lang.ref.SoftReference<>(pack));
            if (pack == null) {
                return null;
            }
        }
        return pack.view(entryName);
    }

    private File packFor(String jar) {
        return new File(directory, HeaderCache.nameFor(jar) + ".copies");
    }

    /** A copy's entry in its jar's pack. */
    private static String entryName(String className, int crc, boolean applicationCode) {
        return className + "-" + Integer.toHexString(crc) + (applicationCode ? "-sites" : "");
    }

    /** A file's content, read as the agent's own (not tracked); null if it cannot be read. */
    private static byte[] read(File file) {
        ClassFiles.AgentCode code = ClassFiles.agentCode();
        boolean wasInside = code.enter();
        try (FileInputStream in = new FileInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            code.leave(wasInside);
        }
    }

    /**
     * Keeps a copy, written when the JVM exits (not while classes load). {@code jar}: as for {@link #find};
     * {@code siteIdOffsets}: where its call sites' ids are, given anew when a JVM uses it.
     */
    void keep(String className, int crc, boolean applicationCode, String jar, Answers answers, byte[] classFile,
              int[] siteIdOffsets) {
        synchronized (pending) {
            pending.add(new Pending(className, crc, applicationCode, jar, answers, classFile, siteIdOffsets, null));
        }
    }

    /** Keeps a copy of a retransformed JDK class, for the pack, with the header of the class file it was made from. */
    void keepJdk(String className, int crc, Hierarchy.Header header, Answers answers, byte[] classFile) {
        synchronized (pending) {
            pending.add(new Pending(className, crc, false, null, answers, classFile, new int[0], header));
        }
    }

    /** Writes the copies kept since the last call; returns how many. Runs in agent code (see HeaderCache). */
    int writePending() {
        List<Pending> toWrite;
        synchronized (pending) {
            toWrite = new ArrayList<>(pending);
            pending.clear();
        }
        if (toWrite.isEmpty()) {
            return 0;
        }
        if (!directory.isDirectory()) {
            if (!directory.mkdirs()) {
                return 0;
            }
            forgetOldAgents();
        }
        int written = 0;
        List<Pending> jdk = new ArrayList<>();
        Map<String, List<Pending>> byJar = new LinkedHashMap<>();
        for (Pending copy : toWrite) {
            if (copy.jdkHeader() != null) {
                jdk.add(copy);
                continue;
            }
            if (copy.jar() != null) {
                byJar.computeIfAbsent(copy.jar(), NEW_LIST).add(copy);
                continue;
            }
            File target = fileFor(copy.className(), copy.crc(), copy.applicationCode());
            File temporary = temporaryFor(target);
            try {
                record(copy).writeTo(temporary);
                moveInPlace(temporary, target);
                written++;
            } catch (IOException | RuntimeException e) {
                temporary.delete();
            }
        }
        if (!byJar.isEmpty()) {
            // No pack is held open here (each is read whole): on Windows a file open in any process cannot be
            // replaced. Another JVM reading one at this moment may still keep a new one from its place.
            for (Map.Entry<String, List<Pending>> jar : byJar.entrySet()) {
                if (writeJarPack(jar.getKey(), jar.getValue())) {
                    written += jar.getValue().size();
                }
            }
            HeaderCache.prune(directory, ".copies", MAX_JAR_PACKS, System.currentTimeMillis());
        }
        if (!jdk.isEmpty() && writePack(jdk)) {
            written += jdk.size();
        }
        return written;
    }

    /** Packs kept at most per agent: a jar seen at a new path each time (a build's temporary directory) adds one. */
    static final int MAX_JAR_PACKS = 1000;

    /** No lambda: this runs at exit, where the first one would spin the JDK's lambda machinery. */
    private static final java.util.function.Function<String, List<Pending>> NEW_LIST =
            new java.util.function.Function<String, List<Pending>>() {
                @Override
                public List<Pending> apply(String jar) {
                    return new ArrayList<>();
                }
            };

    /** A copy's record: what {@link #find} reads back, whether from a file of its own or from a jar's pack. */
    private static CacheBytes record(Pending copy) {
        CacheBytes out = new CacheBytes(256 + copy.classFile().length);
        out.writeInt(FORMAT);
        writeUtf8(out, copy.className());
        out.writeInt(copy.crc());
        writeBody(out, copy);
        return out;
    }

    /**
     * Adds copies to a jar's pack: what it holds (as another JVM may have written it since this one read it) with
     * these added, written whole and moved into place. A copy replaces any of another class file of the same name
     * and kind (the jar was rebuilt), so that a pack holds about one copy per closeable of the jar. Two JVMs that
     * exit together may each leave out the other's: a copy left out is made again by the next JVM that needs it.
     */
    private boolean writeJarPack(String jar, List<Pending> copies) {
        File pack = packFor(jar);
        Map<String, byte[]> entries = readEntries(pack);
        Map<String, String> byClassAndKind = new HashMap<>();
        for (String name : entries.keySet()) {
            byClassAndKind.put(classAndKind(name), name);
        }
        for (Pending copy : copies) {
            String name = entryName(copy.className(), copy.crc(), copy.applicationCode());
            String replaced = byClassAndKind.put(classAndKind(name), name);
            if (replaced != null) {
                entries.remove(replaced);
            }
            entries.put(name, record(copy).toByteArray());
        }
        File temporary = temporaryFor(pack);
        try {
            try (java.util.zip.ZipOutputStream out =
                         new java.util.zip.ZipOutputStream(new java.io.FileOutputStream(temporary))) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    out.putNextEntry(stored(entry.getKey(), entry.getValue()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
            moveInPlace(temporary, pack);
            return true;
        } catch (IOException | RuntimeException e) {
            temporary.delete();
            return false;
        }
    }

    /** An entry stored as it is: read back without inflating. */
    private static java.util.zip.ZipEntry stored(String name, byte[] content) {
        java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(name);
        entry.setMethod(java.util.zip.ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content, 0, content.length);
        entry.setCrc(crc.getValue());
        return entry;
    }

    /** An entry's name without its CRC-32: the class, and whether its call sites are marked. */
    private static String classAndKind(String entryName) {
        String kind = entryName.endsWith("-sites") ? "-sites" : "";
        String named = entryName.substring(0, entryName.length() - kind.length());
        int crc = named.lastIndexOf('-');
        return (crc < 0 ? named : named.substring(0, crc)) + kind;
    }

    /** A pack's entries by name, in order; none if it is missing or cannot be read whole. */
    private static Map<String, byte[]> readEntries(File pack) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Pack read = readJarPack(pack);
        if (read == null) {
            return entries; // missing, or damaged: started again with this JVM's copies
        }
        for (String name : read.entries().keySet()) {
            byte[] content = read.content(name);
            if (content == null) {
                return new LinkedHashMap<>(); // not as this agent writes them: started again too
            }
            entries.put(name, content);
        }
        return entries;
    }

    /**
     * Adds copies to the JDK pack: what it holds (as this JVM read it, or as another JVM wrote it since) with these
     * added, written whole and moved into place. Two JVMs that exit together may each leave out the other's: a
     * copy left out is made again by the next JVM that needs it.
     */
    private boolean writePack(List<Pending> copies) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] current = read(jdkPack);
        for (Map.Entry<String, JdkCopy> kept : readPack(current).entrySet()) {
            for (JdkCopy copy = kept.getValue(); copy != null; copy = copy.next()) {
                entries.put(jdkKey(kept.getKey(), copy.crc()),
                        java.util.Arrays.copyOfRange(copy.pack(), copy.start(), copy.end()));
            }
        }
        if (entries.size() + copies.size() > MAX_JDK_COPIES) {
            entries.clear(); // another JDK's worth, or something gone wrong: start again with this JVM's
        }
        File temporary = temporaryFor(jdkPack);
        try {
            for (Pending copy : copies) {
                CacheBytes out = new CacheBytes(256 + copy.classFile().length);
                writeUtf8(out, copy.className());
                out.writeInt(copy.crc());
                Hierarchy.Header header = copy.jdkHeader();
                out.writeShort(header.access());
                writeUtf8(out, header.superName() == null ? "" : header.superName());
                out.writeShort(header.interfaces().length);
                for (String i : header.interfaces()) {
                    writeUtf8(out, i);
                }
                writeBody(out, copy);
                entries.put(jdkKey(copy.className(), copy.crc()), out.toByteArray());
            }
            int length = 4;
            for (byte[] entry : entries.values()) {
                length += 4 + entry.length;
            }
            CacheBytes out = new CacheBytes(length);
            out.writeInt(FORMAT);
            for (byte[] entry : entries.values()) {
                out.writeInt(entry.length);
                out.write(entry);
            }
            out.writeTo(temporary);
            moveInPlace(temporary, jdkPack);
            return true;
        } catch (IOException | RuntimeException e) {
            temporary.delete();
            return false;
        }
    }

    /**
     * Many times the classes a JVM retransforms at start (30 to 40, some in two forms): past it, something else is
     * going on, and the pack, read whole by every JVM, is started again.
     */
    private static final int MAX_JDK_COPIES = 500;

    private static void writeBody(CacheBytes out, Pending copy) {
        Answers answers = copy.answers();
        out.writeInt(answers.names.size());
        for (int i = 0; i < answers.names.size(); i++) {
            out.writeByte(answers.kinds.charAt(i));
            writeUtf8(out, answers.names.get(i));
            out.writeByte(answers.answers.charAt(i) == '1' ? 1 : 0);
        }
        out.writeInt(copy.siteIdOffsets().length);
        for (int offset : copy.siteIdOffsets()) {
            out.writeInt(offset);
        }
        out.writeInt(copy.classFile().length);
        out.write(copy.classFile());
    }

    private File temporaryFor(File target) {
        return new File(directory, target.getName() + "." + ProcessId.current() + ".tmp");
    }

    private static void moveInPlace(File temporary, File target) throws IOException {
        Files.move(temporary.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Each agent jar (each build of it) has a directory of its own: only the few most recent are kept. */
    private void forgetOldAgents() {
        // No lambdas: this runs at exit, where the first one would spin the JDK's lambda machinery.
        File[] agents = directory.getParentFile().listFiles(AGENT_DIRECTORIES);
        if (agents == null || agents.length <= KEPT_AGENTS) {
            return;
        }
        java.util.Arrays.sort(agents, OLDEST_FIRST);
        for (int i = 0; i < agents.length - KEPT_AGENTS; i++) {
            if (!agents[i].equals(directory)) {
                File[] copies = agents[i].listFiles();
                for (File copy : copies == null ? new File[0] : copies) {
                    copy.delete();
                }
                agents[i].delete();
            }
        }
    }

    private static final int KEPT_AGENTS = 4;

    private static final java.io.FilenameFilter AGENT_DIRECTORIES = new java.io.FilenameFilter() {
        @Override
        public boolean accept(File dir, String name) {
            return name.startsWith("instrumented-");
        }
    };

    private static final java.util.Comparator<File> OLDEST_FIRST = new java.util.Comparator<File>() {
        @Override
        public int compare(File a, File b) {
            return Long.compare(a.lastModified(), b.lastModified());
        }
    };

    private File fileFor(String className, int crc, boolean applicationCode) {
        return new File(directory, className.replace('/', '.') + "-" + Integer.toHexString(crc)
                + (applicationCode ? "-sites" : "") + ".class-copy");
    }

    private static void writeUtf8(CacheBytes out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static void skipUtf8(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        in.position(in.position() + length);
    }

    private static String utf8(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
