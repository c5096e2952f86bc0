package dev.unclosed.agent.instrument;

import dev.unclosed.agent.ProcessId;
import dev.unclosed.agent.ClassFiles;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The {@link HeaderIndex}es of the jars classes load from, and of the JDK's image, kept in a directory between
 * runs (the {@code cache} option): the headers a JVM had to read ahead of loading are there for the next JVM on
 * the machine, which then reads none, and recognises a class it has seen before from its CRC-32 without parsing
 * it. A test build that forks a JVM per test class reads each jar's headers once.
 *
 * <p>Indexes are written when the JVM exits, to a temporary file moved into place, so that JVMs running at once
 * never see a partial one; an unreadable index is ignored and rewritten. Nothing in an index is trusted for the
 * class being loaded unless its CRC-32 matches the bytes the JVM loads.
 */
final class HeaderCache {

    /** Where indexes are kept; null: in memory only, for this JVM. */
    private final File directory;
    private final Map<String, HeaderIndex> indexes = new ConcurrentHashMap<>();
    /** Jar path (as given) to canonical path, which the indexes are keyed by. */
    private final Map<String, String> canonical = new ConcurrentHashMap<>();
    private boolean exitWriteRegistered;
    /** Instrumented copies of closeable classes, kept in the same directory; null if none are kept. */
    private final InstrumentedClassFiles copies;
    /** What verdicts about classes are reached with here (see {@link #world}); 0: none are kept. */
    private final int world;

    HeaderCache(File directory, InstrumentedClassFiles copies, int world) {
        this.directory = directory;
        this.copies = copies;
        this.world = world;
    }

    /**
     * The agent's jar as it is now (path, size, time) and {@code strict}, which what is kept depends on: the key of
     * the instrumented copies' directory and part of the indexes' {@link #world}, read once for both. Null when the
     * agent does not run from a jar (its code could change without its file changing): then neither is kept.
     */
    static String agentIdentity(boolean strict) {
        File agentJar = dev.unclosed.agent.AgentPackages.agentJar();
        return agentJar == null ? null
                : agentJar.getAbsolutePath() + '\n' + agentJar.length() + '\n' + agentJar.lastModified() + '\n' + strict;
    }

    /**
     * The agent and the JDK (its runtime image, as it is now) as one number: whether a class's constructors track
     * depends on both. 0, for which no verdict is kept, when the agent has no identity.
     */
    static int world(String agentIdentity) {
        if (agentIdentity == null) {
            return 0;
        }
        File image = jdkImage();
        int world = crcOf(agentIdentity + '\n' + image.getPath() + '\n' + image.length() + '\n' + image.lastModified());
        return world == 0 ? 1 : world;
    }

    /** The CRC-32 of a text's UTF-8 bytes: the short keys the cache's names and checks are made of. */
    static int crcOf(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    /** Whether the verdicts of this JVM's indexes can be trusted and kept. */
    boolean keepsVerdicts() {
        return world != 0;
    }

    private static File jdkImage() {
        return new File(System.getProperty("java.home"), "lib" + File.separator + "modules");
    }

    InstrumentedClassFiles copies() {
        return copies;
    }

    /** The index of a local jar, read from the cache or made now from the jar's directory; null if it cannot be read. */
    HeaderIndex forJar(File jar) {
        String path = canonicalPath(jar);
        HeaderIndex index = indexes.get(path);
        if (index != null) {
            return index;
        }
        long size = jar.length();
        long modified = jar.lastModified();
        index = load(path, size, modified);
        if (index == null) {
            Map<String, HeaderIndex.Entry> entries = new ConcurrentHashMap<>();
            if (!ClassFiles.listClasses(jar, new Listing(entries))) {
                return null;
            }
            index = new HeaderIndex(path, size, modified, true, world, entries);
            index.markChanged(); // the listing alone saves the next JVM reading the jar's directory
        }
        HeaderIndex raced = indexes.putIfAbsent(path, index);
        return raced != null ? raced : index;
    }

    /** The index of the JDK's runtime image: classes are added as they are read. */
    HeaderIndex forJdk() {
        File image = jdkImage();
        String path = image.getPath();
        HeaderIndex index = indexes.get(path);
        if (index == null) {
            long size = image.length();
            long modified = image.lastModified();
            index = load(path, size, modified);
            if (index == null) {
                index = HeaderIndex.empty(path, size, modified, world);
            }
            HeaderIndex raced = indexes.putIfAbsent(path, index);
            index = raced != null ? raced : index;
        }
        return index;
    }

    /**
     * Has what changed written when the JVM exits. Called once as the agent starts, outside any class's loading: it
     * loads the JDK's shutdown-hook classes, and doing that while one of them loads (the first time something new
     * went into an index during its transformation) made its loading fail with ClassCircularityError in the
     * application's own call.
     */
    void writeAtExit() {
        if (directory == null) {
            return;
        }
        synchronized (this) {
            if (exitWriteRegistered) {
                return;
            }
            exitWriteRegistered = true;
            try {
                Thread writer = new Thread(new WriteAll(this), "unclosed-header-cache");
                writer.setDaemon(true);
                Runtime.getRuntime().addShutdownHook(writer);
            } catch (IllegalStateException | SecurityException e) {
                // Shutting down already, or not allowed: the next run reads the headers again.
            }
        }
    }

    /** Writes every index that changed; returns how many were written. */
    int writeAll() {
        if (directory == null) {
            return 0;
        }
        List<HeaderIndex> changed = new ArrayList<>();
        for (HeaderIndex index : indexes.values()) {
            if (index.isDirty()) {
                changed.add(index);
            }
        }
        int written = 0;
        ClassFiles.AgentCode code = ClassFiles.agentCode();
        boolean wasInside = code.enter();
        try {
            if (copies != null) {
                written += copies.writePending();
            }
            if (!changed.isEmpty() && !directory.isDirectory() && !directory.mkdirs()) {
                return 0;
            }
            for (HeaderIndex index : changed) {
                if (write(index)) {
                    written++;
                }
            }
            if (!changed.isEmpty()) {
                prune(directory, ".idx", MAX_INDEXES, System.currentTimeMillis());
            }
        } finally {
            code.leave(wasInside);
        }
        return written;
    }

    /** Indexes kept at most: a jar seen at a new path each time (a build's temporary directory) adds one each run. */
    static final int MAX_INDEXES = 1000;
    /** A temporary file older than this was left by a JVM killed while it wrote. */
    private static final long STALE_TEMPORARY_MILLIS = 60 * 60 * 1000L;

    /**
     * Keeps the directory's size bounded, as a JVM that wrote something leaves: the least recently written files
     * named {@code *suffix} (indexes, packs) beyond {@code max} are deleted (a deleted one is made again when needed),
     * and so are temporary files left by JVMs killed while they wrote.
     */
    static void prune(File directory, String suffix, int max, long now) {
        File[] files = directory.listFiles();
        if (files == null) {
            return;
        }
        List<File> kept = new ArrayList<>();
        for (File file : files) {
            String name = file.getName();
            if (name.endsWith(suffix)) {
                kept.add(file);
            } else if (name.endsWith(".tmp") && now - file.lastModified() > STALE_TEMPORARY_MILLIS) {
                file.delete();
            }
        }
        if (kept.size() <= max) {
            return;
        }
        long[] modified = new long[kept.size()];
        for (int i = 0; i < modified.length; i++) {
            modified[i] = kept.get(i).lastModified();
        }
        long[] sorted = modified.clone();
        java.util.Arrays.sort(sorted);
        long keepFrom = sorted[sorted.length - max]; // the oldest time among the newest max
        int excess = kept.size() - max;
        for (int i = 0; i < modified.length && excess > 0; i++) {
            if (modified[i] < keepFrom) {
                kept.get(i).delete();
                excess--;
            }
        }
    }

    private boolean write(HeaderIndex index) {
        File target = fileFor(index.path);
        File temporary = new File(directory, target.getName() + "." + ProcessId.current() + ".tmp");
        try {
            CacheBytes bytes = new CacheBytes(65536);
            index.writeTo(bytes);
            bytes.writeTo(temporary);
            Files.move(temporary.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            index.written();
            return true;
        } catch (IOException | RuntimeException e) {
            temporary.delete();
            return false;
        }
    }

    private HeaderIndex load(String path, long size, long modified) {
        if (directory == null) {
            return null;
        }
        File file = fileFor(path);
        ClassFiles.AgentCode code = ClassFiles.agentCode();
        boolean wasInside = code.enter();
        try (FileInputStream in = new FileInputStream(file)) {
            HeaderIndex index = HeaderIndex.readFrom(in.readAllBytes(), world);
            return index.describes(path, size, modified) ? index : null;
        } catch (IOException | RuntimeException e) {
            return null; // none yet, another version, or cut short: made anew and rewritten
        } finally {
            code.leave(wasInside);
        }
    }

    /** The index's file. */
    File fileFor(String path) {
        return new File(directory, nameFor(path) + ".idx");
    }

    /**
     * What the files kept for a jar (its index, its pack of copies) are named after: the jar's name, for people
     * looking, and a hash of its whole path, for uniqueness.
     */
    static String nameFor(String path) {
        String name = safeFileName(path.substring(path.lastIndexOf(File.separatorChar) + 1));
        return name + "-" + Integer.toHexString(crcOf(path)) + "-" + Integer.toHexString(path.hashCode());
    }

    /**
     * The name with every character but ASCII letters, digits, '.', '_' and '-' made '_'. Not a regular expression:
     * the JDK's index is named while the agent starts, where compiling one cost about 2 ms.
     */
    static String safeFileName(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!safe) {
                chars[i] = '_';
            }
        }
        return new String(chars);
    }

    private String canonicalPath(File jar) {
        String given = jar.getPath();
        String path = canonical.get(given);
        if (path == null) {
            try {
                path = jar.getCanonicalPath();
            } catch (IOException e) {
                path = jar.getAbsolutePath();
            }
            canonical.put(given, path);
        }
        return path;
    }

    /** Receives the class entries of a jar, with their CRC-32s. */
    private static final class Listing implements ClassFiles.ClassEntries {
        private final Map<String, HeaderIndex.Entry> entries;

        Listing(Map<String, HeaderIndex.Entry> entries) {
            this.entries = entries;
        }

        @Override
        public void entry(String internalName, int crc) {
            entries.put(internalName, new HeaderIndex.Entry(crc, null));
        }
    }

    private static final class WriteAll implements Runnable {
        private final HeaderCache cache;

        WriteAll(HeaderCache cache) {
            this.cache = cache;
        }

        @Override
        public void run() {
            cache.writeAll();
        }
    }
}
