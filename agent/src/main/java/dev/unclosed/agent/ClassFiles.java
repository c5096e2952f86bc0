package dev.unclosed.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads class files for the agent (supertypes for instrumentation, line tables for fingerprints) through a class
 * loader, leaving nothing open and nothing tracked.
 *
 * <p>Not {@code getResourceAsStream}: for a class in a jar it goes through a {@code jar:} URL connection, and
 * the JDK keeps the jar it opens for that in a cache for the JVM's life ({@code JarFileFactory}): a descriptor the
 * application never asked for, which outlives the application's own class loader, and which under {@code strict}
 * would be reported as the application's leak. Here the loader only finds the resource; a jar is read through a
 * {@link ZipFile} of the agent's own, kept while reads follow one another (a jar is opened per burst of class
 * loading, not per class), closed once unread for {@link #IDLE_MILLIS}, and at exit. While the loader has the jar
 * open too, both share one descriptor (the JDK shares an open zip file's source).
 *
 * <p>What the agent opens here is its own and never tracked: the tracker is told ({@link AgentCode}) around each
 * opening call, and only there. Closes are not hidden from it: closing the agent's copy of a jar can be what
 * finally releases a file that the application opened and has closed since (their shared source), and that
 * release must count.
 */
public final class ClassFiles {

    /** A jar unread for this long is closed: none stays open much longer than twice this after its last read. */
    static final long IDLE_MILLIS = 250;
    /** At most this many jars kept open; the least recently read beyond it is closed at once. */
    private static final int MAX_OPEN = 16;

    /** Lets the tracker know that what this thread constructs meanwhile is the agent's own. */
    public interface AgentCode {
        /** Returns whether the thread was in agent code already, to be handed to {@link #leave}. */
        boolean enter();

        void leave(boolean wasInside);
    }

    /** Before {@link #install}: nothing is tracked yet. */
    private static final class NoTracker implements AgentCode {
        @Override
        public boolean enter() {
            return true;
        }

        @Override
        public void leave(boolean wasInside) {
        }
    }

    private static final class Jar {
        final ZipFile file;
        int readers;
        long lastRead;

        Jar(ZipFile file) {
            this.file = file;
        }
    }

    private static volatile AgentCode agentCode = new NoTracker();
    /** Closes idle jars; null until {@link #install}: before (and in unit tests) a jar is closed after each read. */
    private static volatile Thread closer;
    private static final Object LOCK = new Object();
    /** Guarded by LOCK: jars kept open, by path, least recently read first; whether the closer runs. */
    private static final LinkedHashMap<String, Jar> OPEN = new LinkedHashMap<>(16, 0.75f, true);
    private static boolean closerStarted;

    private ClassFiles() {
    }

    /**
     * Called once at start, with the tracker's notion of agent code. Makes the daemon thread that closes idle jars
     * here, at start, so that it inherits nothing from the application thread that first loads a class from a jar
     * (it starts then).
     */
    static void install(AgentCode code) {
        agentCode = code;
        Thread thread = new Thread(new IdleCloser(), "unclosed-jar-closer");
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        closer = thread;
    }

    /**
     * The bytes of {@code resource} as {@code loader} (null: the system class loader) finds it, or null if it does
     * not.
     */
    public static byte[] read(ClassLoader loader, String resource) throws IOException {
        if (loader == null) {
            byte[] jdk = JdkClassFiles.read(resource);
            if (jdk != null) {
                return jdk;
            }
        }
        URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
        if (url == null) {
            // A loader may serve bytes it holds without a URL for them: then it can only hand out a stream.
            return loader == null ? null : readAndClose(openStream(loader, resource));
        }
        if ("jar".equals(url.getProtocol())) {
            // The jar and the entry straight from the URL, as a JarURLConnection would parse them, without making
            // one per read: that was most of a header read's time while a library's classes load.
            String spec = url.getFile();
            int separator = spec.indexOf("!/");
            String entry = separator < 0 ? null : spec.substring(separator + 2);
            File file = separator < 0 || entry.indexOf('%') >= 0 ? null : jarFile(spec.substring(0, separator));
            if (file != null) {
                return readEntry(file, entry);
            }
        }
        URLConnection connection = openConnection(url);
        if (connection instanceof JarURLConnection) {
            JarURLConnection jar = (JarURLConnection) connection;
            File file = localFile(jar.getJarFileURL());
            if (file != null) {
                return readEntry(file, jar.getEntryName());
            }
            connection.setUseCaches(false); // a remote jar: the JDK's copy of it is closed with the stream
        }
        return readAndClose(openStream(connection));
    }

    public static AgentCode agentCode() {
        return agentCode;
    }

    /** Receives the class files of a jar by name (internal, without {@code .class}), with their CRC-32s. */
    public interface ClassEntries {
        void entry(String internalName, int crc);
    }

    /**
     * Lists the class files of a local jar, outside its {@code META-INF}, from its directory alone (nothing is
     * inflated); false if the jar cannot be read.
     */
    public static boolean listClasses(File jar, ClassEntries to) {
        try {
            ZipFile zip = openZip(jar);
            try {
                for (java.util.Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && entry.getCrc() != -1) {
                        to.entry(name.substring(0, name.length() - ".class".length()), (int) entry.getCrc());
                    }
                }
            } finally {
                zip.close();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the resource lies in the JDK's runtime image (a package of the boot layer's modules), so that the
     * same JDK always gives the same bytes for it; a {@code javax} package on the class path does not.
     */
    public static boolean inRuntimeImage(String resource) {
        return JdkClassFiles.holds(resource);
    }

    /** The bytes of one entry of a local jar, or null if it has none of that name. */
    public static byte[] readFromJar(File jar, String entryName) throws IOException {
        return readEntry(jar, entryName);
    }

    /** Closes every jar kept open that no read is using. At exit, before the judgment. */
    public static void closeAll() {
        List<ZipFile> idle = new ArrayList<>();
        synchronized (LOCK) {
            for (Iterator<Jar> i = OPEN.values().iterator(); i.hasNext(); ) {
                Jar jar = i.next();
                if (jar.readers == 0) {
                    idle.add(jar.file);
                    i.remove();
                }
            }
        }
        close(idle);
    }

    private static byte[] readEntry(File file, String entryName) throws IOException {
        if (entryName == null) {
            return null;
        }
        Thread thread = closer;
        if (thread == null) {
            ZipFile zip = openZip(file);
            try {
                return readEntry(zip, entryName);
            } finally {
                zip.close();
            }
        }
        String key = file.getPath();
        Jar jar = acquire(key);
        if (jar == null) {
            jar = keep(key, openZip(file), thread); // opened outside the lock: a large jar's directory takes a while
        }
        try {
            return readEntry(jar.file, entryName);
        } finally {
            synchronized (LOCK) {
                jar.readers--;
                jar.lastRead = System.nanoTime();
            }
        }
    }

    private static byte[] readEntry(ZipFile zip, String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            return null;
        }
        long size = entry.getSize();
        if (size < 0 || size > MAX_EXACT_READ) {
            return readAndClose(openStream(zip, entry));
        }
        // Into an array of the entry's size: readAllBytes reads in 8 KB chunks and copies them together, and those
        // arrays were most of what reading a copy from a pack allocated.
        try (InputStream in = openStream(zip, entry)) {
            byte[] bytes = new byte[(int) size];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length || in.read() >= 0) {
                throw new IOException(entryName + ": not the size its entry gives");
            }
            return bytes;
        }
    }

    /** Entries up to this size are read into one array of their size; a larger one, if any, as it comes. */
    private static final long MAX_EXACT_READ = 64L * 1024 * 1024;

    private static byte[] readAndClose(InputStream in) throws IOException {
        if (in == null) {
            return null;
        }
        try (InputStream stream = in) {
            return stream.readAllBytes();
        }
    }

    // The opening calls, each in agent code. No lambdas: these run while application classes load.

    private static URLConnection openConnection(URL url) throws IOException {
        AgentCode code = agentCode;
        boolean wasInside = code.enter();
        try {
            return url.openConnection();
        } finally {
            code.leave(wasInside);
        }
    }

    private static InputStream openStream(URLConnection connection) throws IOException {
        AgentCode code = agentCode;
        boolean wasInside = code.enter();
        try {
            return connection.getInputStream();
        } finally {
            code.leave(wasInside);
        }
    }

    private static InputStream openStream(ClassLoader loader, String resource) {
        AgentCode code = agentCode;
        boolean wasInside = code.enter();
        try {
            return loader.getResourceAsStream(resource);
        } finally {
            code.leave(wasInside);
        }
    }

    private static ZipFile openZip(File file) throws IOException {
        AgentCode code = agentCode;
        boolean wasInside = code.enter();
        try {
            return new ZipFile(file);
        } finally {
            code.leave(wasInside);
        }
    }

    private static InputStream openStream(ZipFile zip, ZipEntry entry) throws IOException {
        AgentCode code = agentCode;
        boolean wasInside = code.enter();
        try {
            return zip.getInputStream(entry);
        } finally {
            code.leave(wasInside);
        }
    }

    /** Local jar files by the URL their entries' URLs start with; a miss is remembered as NOT_LOCAL. */
    private static final Map<String, File> JAR_FILES = new ConcurrentHashMap<>();
    private static final File NOT_LOCAL = new File("");

    private static File jarFile(String jarUrl) {
        File file = JAR_FILES.get(jarUrl);
        if (file == null) {
            try {
                file = jarUrl.startsWith("file:") ? localFile(new URL(jarUrl)) : null;
            } catch (IOException e) {
                file = null;
            }
            if (file == null) {
                file = NOT_LOCAL;
            }
            JAR_FILES.put(jarUrl, file);
        }
        return file == NOT_LOCAL ? null : file;
    }

    private static File localFile(URL jarFileUrl) {
        if (jarFileUrl == null || !"file".equals(jarFileUrl.getProtocol())) {
            return null;
        }
        try {
            return new File(jarFileUrl.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // not a plain local file URL: read through the connection
        }
    }

    private static Jar acquire(String key) {
        synchronized (LOCK) {
            Jar jar = OPEN.get(key);
            if (jar != null) {
                jar.readers++;
            }
            return jar;
        }
    }

    /** Keeps a freshly opened jar; or, if another thread kept one meanwhile, uses that one and closes this. */
    private static Jar keep(String key, ZipFile opened, Thread thread) {
        List<ZipFile> toClose = new ArrayList<>(1);
        Jar jar;
        synchronized (LOCK) {
            jar = OPEN.get(key);
            if (jar != null) {
                toClose.add(opened);
            } else {
                jar = new Jar(opened);
                OPEN.put(key, jar);
                for (Iterator<Jar> i = OPEN.values().iterator(); i.hasNext() && OPEN.size() > MAX_OPEN; ) {
                    Jar oldest = i.next();
                    if (oldest.readers == 0) {
                        toClose.add(oldest.file);
                        i.remove();
                    }
                }
                if (!closerStarted) {
                    closerStarted = true;
                    thread.start();
                }
                LOCK.notifyAll();
            }
            jar.readers++;
        }
        close(toClose);
        return jar;
    }

    private static void close(List<ZipFile> jars) {
        for (ZipFile jar : jars) {
            try {
                jar.close();
            } catch (IOException | RuntimeException e) {
                // Nothing more to do: the descriptor is the JDK's to release now.
            }
        }
    }

    /** Closes the jars unread for {@link #IDLE_MILLIS}; waits without waking while none is open. */
    private static final class IdleCloser implements Runnable {
        @Override
        public void run() {
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
            List<ZipFile> idle = new ArrayList<>();
            while (true) {
                synchronized (LOCK) {
                    try {
                        LOCK.wait(OPEN.isEmpty() ? 0 : IDLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    for (Iterator<Jar> i = OPEN.values().iterator(); i.hasNext(); ) {
                        Jar jar = i.next();
                        if (jar.readers == 0 && now - jar.lastRead >= idleNanos) {
                            idle.add(jar.file);
                            i.remove();
                        }
                    }
                }
                close(idle);
                idle.clear();
            }
        }
    }
}
