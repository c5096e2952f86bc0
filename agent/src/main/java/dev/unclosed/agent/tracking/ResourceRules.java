package dev.unclosed.agent.tracking;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which closeables hold an operating-system resource themselves. Everything else is reported only when it owns
 * one of these (or under {@code strict}), which keeps in-memory streams, pipelines and plain wrappers quiet.
 * Decided once per class; a few classes need a look at the instance.
 */
public final class ResourceRules {

    /** JDK classes that hold a file descriptor, socket or native handle; their subclasses do too. */
    private static final Set<String> JDK_RESOURCE_CLASSES = Set.of(
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.io.RandomAccessFile",
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.net.DatagramSocket",
            "java.util.zip.ZipFile",
            "sun.nio.ch.FileChannelImpl",
            "sun.nio.ch.SocketChannelImpl",
            "sun.nio.ch.ServerSocketChannelImpl",
            "sun.nio.ch.DatagramChannelImpl",
            "sun.nio.ch.SinkChannelImpl",
            "sun.nio.ch.SourceChannelImpl",
            "sun.nio.ch.SelectorImpl",
            "sun.nio.ch.SimpleAsynchronousFileChannelImpl",
            "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
            "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl",
            "sun.nio.fs.UnixDirectoryStream",
            "sun.nio.fs.UnixSecureDirectoryStream",
            "sun.nio.fs.AbstractWatchService",
            // The body of an HttpURLConnection's response holds its connection (a socket the JDK keeps for reuse)
            // until it is read to the end or closed. The JDK releases a chunked body at its end without close().
            "sun.net.www.MeteredStream",
            "sun.net.www.http.ChunkedInputStream");

    /**
     * JDK closeables that are views of another: the object passed to their constructor owns them, not the other
     * way round. Closing the viewed object releases the resource, so the view never needs a close of its own.
     */
    private static final Set<String> JDK_VIEW_CLASSES = Set.of(
            "sun.nio.ch.FileChannelImpl",
            "java.net.Socket$SocketInputStream",
            "java.net.Socket$SocketOutputStream",
            "sun.nio.ch.SocketAdaptor",
            "sun.nio.ch.ServerSocketAdaptor",
            "sun.nio.ch.DatagramSocketAdaptor");

    /**
     * Whether a JDK class is a view of the closeable passed to its constructor. Such a constructor may declare that
     * parameter as {@code Object} (FileChannelImpl's parent on Java 17), so instrumentation passes its arguments.
     */
    public static boolean isJdkView(String className) {
        return JDK_VIEW_CLASSES.contains(className);
    }

    /**
     * JDK classes that another JDK class releases through an internal method instead of {@code close()}:
     * a secure directory stream closes the directory stream it wraps with {@code closeImpl()}, a chunked HTTP body
     * releases its connection at its last chunk with {@code closeUnderlying()}. Those methods count as closing too,
     * or every {@code Files.list} closed properly, and every chunked body read to its end, would look like a leak.
     */
    private static final Map<String, String> JDK_INTERNAL_CLOSE_METHODS = Map.of(
            "sun.nio.fs.UnixDirectoryStream", "closeImpl",
            "sun.net.www.http.ChunkedInputStream", "closeUnderlying");

    /** The name of a no-argument method of {@code className}, other than close(), that releases it; or null. */
    public static String internalCloseMethod(String className) {
        return JDK_INTERNAL_CLOSE_METHODS.get(className);
    }

    /**
     * JDK types that exist to be held for the JVM's lifetime: the pooled /dev/urandom stream behind SecureRandom.
     * Never reported, even without a stack to show who opened them ({@code stackDepth=0}).
     */
    private static final Set<String> JDK_HELD_TYPES = Set.of(
            "sun.security.provider.FileInputStreamPool$UnclosableInputStream");

    public static boolean isHeldByJdk(Class<?> type) {
        return JDK_HELD_TYPES.contains(type.getName());
    }

    /**
     * JDK classes whose instances can neither hold nor own a resource: their constructors open nothing and take
     * no closeable to own. Exact classes: a subclass may well own a file. Instrumented and tracked only under
     * strict, like the few beside them whose every instance belongs to something reported instead (a reader of
     * the runtime image's modules, a ZipFile's entry streams).
     */
    private static final Set<String> JDK_RESOURCE_FREE_LEAVES = Set.of(
            "java.io.ByteArrayInputStream",
            "java.io.ByteArrayOutputStream",
            "java.io.StringReader",
            "java.io.StringWriter",
            "java.io.CharArrayReader",
            "java.io.CharArrayWriter",
            "java.io.StringBufferInputStream",
            // The null streams (InputStream.nullInputStream() and the like): closing one only marks it closed. Two of
            // them load before any agent on newer JDKs, Java 25 among them, and were retransformed for nothing.
            "java.io.InputStream$1",
            "java.io.OutputStream$1",
            "java.io.Reader$1",
            "java.io.Writer$1",
            // Reader.of(CharSequence)'s reader, in memory like the rest (Java 24 on): a StringReader makes one for
            // itself, whose hooks were most of what the agent added to a StringReader on Java 25.
            "java.io.Reader$2",
            // The closers that FileInputStream, FileOutputStream and RandomAccessFile create inside every close()
            // to hand to FileDescriptor.closeAll: built and closed on the spot, they would tax every close.
            "java.io.FileInputStream$1",
            "java.io.FileOutputStream$1",
            "java.io.RandomAccessFile$1",
            // A reader of a JDK module's classes and resources, from the runtime image every JVM holds open anyway.
            "jdk.internal.module.SystemModuleFinders$SystemModuleReader",
            // A ZipFile's (and JarFile's) entry streams: owned by their ZipFile, which closes them, and never a finding
            // of their own but under strict; a wrapper over one takes over nothing. Every class and resource a class
            // loader reads from a jar opens and closes one of each, whose hooks were most of what the tracker cost
            // a loading library class.
            "java.util.zip.ZipFile$ZipFileInputStream",
            "java.util.zip.ZipFile$ZipFileInflaterInputStream");

    public static boolean isJdkResourceFreeLeaf(String className) {
        return JDK_RESOURCE_FREE_LEAVES.contains(className);
    }

    /**
     * Closeables of the runtime image that are never instrumented, whatever the options: nothing of the
     * application's can leak through them, or instrumenting them would change nothing. Every JVM loads them before
     * the agent, so each was a retransformation (0.3 to 0.6 ms) in every JVM's start. The boot loader's classes
     * only: another JDK's image, read through the jrt file system, comes with that JDK's own copies of the image
     * readers, and those are watched like any library's.
     */
    private static final Set<String> JDK_UNWATCHED_CLASSES = Set.of(
            // The runtime image's readers: opened by the JVM for itself before any agent, held for its lifetime,
            // and shared by the jrt file system, never opened anew for this JDK's image.
            "jdk.internal.jimage.ImageReader",
            "jdk.internal.jimage.ImageReader$SharedImageReader",
            "jdk.internal.jimage.BasicImageReader",
            // The platform's default file system, which cannot be closed.
            "sun.nio.fs.UnixFileSystem",
            "sun.nio.fs.LinuxFileSystem",
            "sun.nio.fs.BsdFileSystem",
            "sun.nio.fs.MacOSXFileSystem",
            "sun.nio.fs.AixFileSystem",
            "sun.nio.fs.WindowsFileSystem",
            // Native memory the file system's own code borrows and gives back; its Cleaner frees what is dropped.
            "sun.nio.fs.NativeBuffer",
            // The standard streams' own classes (newer JDKs, Java 25 among them), made once as the JVM starts.
            "java.lang.System$In",
            "java.lang.System$Out",
            // Abstract, with an abstract close(): no constructor or close() of theirs would get a hook.
            "java.nio.file.FileSystem",
            "java.io.Reader",
            "java.io.Writer");

    /** Whether {@code className}, a class of the runtime image, is one the agent never instruments. */
    public static boolean isUnwatchedJdkClass(String className) {
        return JDK_UNWATCHED_CLASSES.contains(className);
    }

    /** JDK closeables that delegate to a channel and hold nothing of their own, though they extend Socket. */
    private static final Set<String> JDK_DELEGATES = Set.of(
            "sun.nio.ch.SocketAdaptor",
            "sun.nio.ch.ServerSocketAdaptor",
            "sun.nio.ch.DatagramSocketAdaptor");

    /**
     * Types never tracked: pipelines and executors are closeable by interface only, hold nothing and are never
     * closed in practice. A file lock holds nothing of its own either: closing its channel releases it, and the
     * channel is what leaks. Tracked, its constructor would take the channel it is passed as its own, and an
     * unreleased lock on a closed channel would be reported under strict.
     */
    private static final Set<String> NEVER_TRACKED_SUPERTYPES = Set.of(
            "java.util.stream.BaseStream",
            "java.util.concurrent.ExecutorService",
            "java.nio.channels.FileLock");

    /** The never-tracked types, by binary name: the instrumentation leaves them and their subtypes alone too. */
    public static Set<String> neverTrackedTypes() {
        return NEVER_TRACKED_SUPERTYPES;
    }

    /** Whether {@code type} is one of the never-tracked types or a subtype of one. */
    public static boolean isNeverTracked(Class<?> type) {
        for (Class<?> never : NEVER_TRACKED_CLASSES) {
            if (never.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same types as classes, all of java.base: asked of every loaded closeable at start, a walk of each type's
     * supertypes by name (an array copied per class) cost about a millisecond of premain.
     */
    private static final Class<?>[] NEVER_TRACKED_CLASSES = {
            java.util.stream.BaseStream.class, java.util.concurrent.ExecutorService.class, java.nio.channels.FileLock.class};

    /**
     * JDBC interfaces, by name (java.sql is a module of its own and may be absent), each with its rank: what a
     * driver makes from a connection (a statement) or a statement (a result set) ranks higher than its maker.
     * A connection holds a database session, a pool slot or a socket; statements and result sets hold cursors
     * and server-side resources until they are closed, or their connection is.
     */
    static final int JDBC_CONNECTION = 1;
    static final int JDBC_STATEMENT = 2;
    static final int JDBC_RESULT_SET = 3;
    private static final Map<String, Integer> JDBC_INTERFACES = Map.of(
            "java.sql.Connection", JDBC_CONNECTION,
            "java.sql.Statement", JDBC_STATEMENT,
            "java.sql.ResultSet", JDBC_RESULT_SET);

    /**
     * What a class is. {@code resource}: holds an operating-system resource itself. {@code view}: owned by the
     * closeable passed to its constructor. {@code outer}: for an inner class of a closeable class, that class: an
     * instance belongs to its enclosing object (a ZipFile's entry streams), never the other way round.
     * {@code ignored}: never tracked. {@code resourceFreeLeaf}: a JDK in-memory stream, tracked only under strict.
     * {@code jdbc}: the JDBC rank (connection, statement, result set), 0 for anything else.
     */
    record Kind(boolean ignored, boolean resource, boolean view, Class<?> outer, boolean resourceFreeLeaf, int jdbc) {
        static final Kind IGNORED = new Kind(true, false, false, null, false);

        Kind(boolean ignored, boolean resource, boolean view, Class<?> outer, boolean resourceFreeLeaf) {
            this(ignored, resource, view, outer, resourceFreeLeaf, 0);
        }

        /** Whether any closeable passed to the constructor could own the new object ({@link #ownedBy}, JDBC). */
        boolean canBeOwnedByArgument() {
            return view || outer != null || jdbc != 0;
        }

        /** Whether a closeable passed to the constructor owns the new object, rather than the reverse. */
        boolean ownedBy(Object argument) {
            return view || (outer != null && outer.isInstance(argument));
        }

        /**
         * A JDBC statement or result set: released when the connection or statement that made it is closed, as
         * JDBC specifies, whether or not the driver calls its close().
         */
        boolean closedWithOwner() {
            return jdbc > JDBC_CONNECTION;
        }

        /**
         * Whether an object of {@code argument}'s kind, passed to this one's constructor, made it: a statement's
         * connection, a result set's statement or connection. The maker owns it, not the other way round.
         */
        boolean madeBy(Kind argument) {
            return argument.jdbc != 0 && argument.jdbc < jdbc;
        }
    }

    private final Predicate<String> declaredResource;

    private final ClassValue<Kind> kinds = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return classify(type);
        }
    };

    public ResourceRules(Predicate<String> declaredResource) {
        this.declaredResource = declaredResource;
    }

    Kind kindOf(Class<?> type) {
        return kinds.get(type);
    }

    /** Whether this instance holds a resource of its own; streams over the standard descriptors do not. */
    boolean holdsResource(Object object, Kind kind) {
        if (!kind.resource()) {
            return false;
        }
        try {
            if (object instanceof FileInputStream in) {
                return !isStandard(in.getFD());
            }
            if (object instanceof FileOutputStream out) {
                return !isStandard(out.getFD());
            }
            if (object instanceof RandomAccessFile file) {
                return !isStandard(file.getFD());
            }
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    private static boolean isStandard(FileDescriptor fd) {
        return fd == FileDescriptor.in || fd == FileDescriptor.out || fd == FileDescriptor.err;
    }

    /**
     * The enclosing class, or null where the JVM cannot tell: a nested class defined by another loader than its
     * outer class (a plugin loader that defines some classes itself) fails with IncompatibleClassChangeError, and
     * such a class is tracked as a top-level one.
     */
    private static Class<?> enclosingClass(Class<?> type) {
        try {
            return type.getEnclosingClass();
        } catch (LinkageError e) {
            return null;
        }
    }

    private Kind classify(Class<?> type) {
        if (!AutoCloseable.class.isAssignableFrom(type) || isNeverTracked(type)) {
            return Kind.IGNORED;
        }
        Class<?> enclosing = enclosingClass(type);
        Class<?> outer = enclosing != null && !java.lang.reflect.Modifier.isStatic(type.getModifiers())
                && AutoCloseable.class.isAssignableFrom(enclosing) ? enclosing : null;
        int jdbc = jdbcRank(type);
        if (jdbc != 0) {
            return new Kind(false, true, false, outer, false, jdbc);
        }
        boolean view = false;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String name = c.getName();
            view |= JDK_VIEW_CLASSES.contains(name);
            if (JDK_DELEGATES.contains(name)) {
                return new Kind(false, false, view, outer, false);
            }
            if (JDK_RESOURCE_CLASSES.contains(name) || declaredResource.test(name)) {
                return new Kind(false, true, view, outer, false);
            }
        }
        return new Kind(false, false, view, outer, JDK_RESOURCE_FREE_LEAVES.contains(type.getName()));
    }

    /** The highest JDBC rank among the interfaces the class implements, 0 if none. */
    private static int jdbcRank(Class<?> type) {
        int rank = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                rank = Math.max(rank, Math.max(JDBC_INTERFACES.getOrDefault(i.getName(), 0), jdbcRank(i)));
            }
        }
        return rank;
    }
}
