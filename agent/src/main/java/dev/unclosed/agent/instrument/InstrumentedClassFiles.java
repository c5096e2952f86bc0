package dev.unclosed.agent.instrument;

import dev.unclosed.agent.ProcessId;
import dev.unclosed.agent.ClassFiles;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

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
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(String className, int crc, boolean applicationCode, Answers answers, byte[] classFile,
                           int[] siteIdOffsets) {
    }

    InstrumentedClassFiles(File directory) {
        this.directory = directory;
    }

    /**
     * The cache directory's copies for this agent ({@link HeaderCache#agentIdentity}) and whether call sites are
     * marked, or null when the agent has no identity or no directory is kept.
     */
    static InstrumentedClassFiles in(File cacheDirectory, String agentIdentity, boolean marksSites) {
        if (cacheDirectory == null || agentIdentity == null) {
            return null;
        }
        int key = HeaderCache.crcOf(agentIdentity + '\n' + marksSites);
        return new InstrumentedClassFiles(new File(cacheDirectory, "instrumented-" + Integer.toHexString(key)));
    }

    /** Whether any copy was kept for this agent jar and these options, by this JVM or an earlier one. */
    boolean anyKept() {
        return directory.isDirectory();
    }

    /**
     * The instrumented copy of this class file, if one was kept and still holds, its call sites given ids from
     * {@code ids}; else null. {@code applicationCode}: instrumented as the application's (its call sites marked).
     */
    byte[] find(String className, int crc, boolean applicationCode, Questions questions, SiteIdSlots.Ids ids) {
        File file = fileFor(className, crc, applicationCode);
        byte[] content;
        ClassFiles.AgentCode code = ClassFiles.agentCode();
        boolean wasInside = code.enter();
        try (FileInputStream in = new FileInputStream(file)) {
            content = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null; // none kept
        } finally {
            code.leave(wasInside);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(content);
            if (in.getInt() != FORMAT || !className.equals(utf8(in)) || in.getInt() != crc) {
                return null;
            }
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
            if (slots < 0 || slots > in.remaining() / 4) {
                return null;
            }
            int[] siteIdOffsets = new int[slots];
            for (int i = 0; i < siteIdOffsets.length; i++) {
                siteIdOffsets[i] = in.getInt();
            }
            byte[] classFile = new byte[in.getInt()];
            in.get(classFile);
            if (in.hasRemaining()) {
                return null;
            }
            for (int offset : siteIdOffsets) {
                if (offset < 10 || offset + 4 > classFile.length) {
                    return null;
                }
            }
            SiteIdSlots.assign(classFile, siteIdOffsets, ids);
            return classFile;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Keeps a copy, written when the JVM exits (not while classes load). {@code siteIdOffsets}: where its call
     * sites' ids are, given anew when a JVM uses it.
     */
    void keep(String className, int crc, boolean applicationCode, Answers answers, byte[] classFile, int[] siteIdOffsets) {
        synchronized (pending) {
            pending.add(new Pending(className, crc, applicationCode, answers, classFile, siteIdOffsets));
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
        for (Pending copy : toWrite) {
            File target = fileFor(copy.className(), copy.crc(), copy.applicationCode());
            File temporary = new File(directory, target.getName() + "." + ProcessId.current() + ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(temporary)))) {
                    out.writeInt(FORMAT);
                    writeUtf8(out, copy.className());
                    out.writeInt(copy.crc());
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
                Files.move(temporary.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                written++;
            } catch (IOException | RuntimeException e) {
                temporary.delete();
            }
        }
        return written;
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

    private static void writeUtf8(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String utf8(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
