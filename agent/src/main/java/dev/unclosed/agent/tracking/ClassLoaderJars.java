package dev.unclosed.agent.tracking;

import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Gives a {@code URLClassLoader} the jars it opens. A loader opens nothing in its constructor: the first class or
 * resource looked up in a jar opens it, in a {@code URLClassPath$JarLoader} (a closeable that owns the JarFile it
 * opens) created by the loader's class path, so construction alone never links the two. The class path creates its
 * JarLoaders in {@code URLClassPath.getLoader(int)}, a method synchronized on the class path, on both Java 17 and
 * 25; so a JarLoader being built belongs to the loader whose class path the thread holds the lock of. The loader
 * adopts it there and then, and is reported, when dropped, through the jars it opened.
 *
 * <p>Reads the loader's private {@code ucp} field ({@link InternalField}), looked up when the first loader is tracked:
 * most JVMs never load {@code URLClassLoader}, and loading it at start also had it retransformed there. Where the
 * field cannot be read, loaders are not tracked for this (nothing links them to their jars, which stay the JDK's).
 * Loaders and JarLoaders are rare: the linear scan below runs once per jar a loader opens.
 */
final class ClassLoaderJars {

    private static final String JAR_LOADER = "jdk.internal.loader.URLClassPath$JarLoader";

    private volatile InternalField classPaths;
    private volatile boolean classPathsLookedUp;
    private final Class<?> jarLoader = jarLoaderClass();
    /** Open loaders and their class paths. Guarded by itself. */
    private final List<Loader> loaders = new ArrayList<>();
    /** Past this size, closed and collected loaders are dropped before adding one: amortized, however many come. */
    private int purgeAt = 64;

    /**
     * The class path held weakly: the record must not keep the loader's jars from being collected. Not a record,
     * whose generated methods link through invokedynamic.
     */
    private static final class Loader {
        private final WeakReference<Object> classPath;
        private final TrackedResource record;

        Loader(WeakReference<Object> classPath, TrackedResource record) {
            this.classPath = classPath;
            this.record = record;
        }

        WeakReference<Object> classPath() {
            return classPath;
        }

        TrackedResource record() {
            return record;
        }
    }

    /** Whether {@code object} is a loader that opens its jars after construction, to be tracked from the start. */
    boolean opensJarsLater(Object object) {
        // ClassLoader first: a stream or a socket must not have the check load URLClassLoader.
        return object instanceof ClassLoader && object instanceof URLClassLoader && classPaths() != null && jarLoader != null;
    }

    /** The reader of {@code URLClassLoader.ucp}, looked up once a loader exists (so the class is loaded); or null. */
    private InternalField classPaths() {
        if (!classPathsLookedUp) {
            classPaths = classPathField(); // the same answer on any thread that races here
            classPathsLookedUp = true;
        }
        return classPaths;
    }

    /** After {@code object}'s record was made: remembers a loader, or hands a new JarLoader to its loader. */
    void tracked(Object object, TrackedResource record) {
        if (opensJarsLater(object)) {
            Object path = classPaths().of(object);
            if (path != null) {
                synchronized (loaders) {
                    if (loaders.size() >= purgeAt) {
                        // A loop, not removeIf with a method reference: a lambda first linked in a hook could
                        // run while classes load (see LeakTracker).
                        for (Iterator<Loader> i = loaders.iterator(); i.hasNext(); ) {
                            if (isGone(i.next())) {
                                i.remove();
                            }
                        }
                        purgeAt = Math.max(64, 2 * loaders.size());
                    }
                    loaders.add(new Loader(new WeakReference<>(path), record));
                }
            }
        } else if (object.getClass() == jarLoader && record.owner == null) {
            TrackedResource owner = openingLoader();
            if (owner != null) {
                owner.adopt(record, false);
            }
        }
    }

    /** The open loader whose class path this thread is creating a JarLoader for, or null (the JDK's own loaders). */
    private TrackedResource openingLoader() {
        synchronized (loaders) {
            for (Iterator<Loader> i = loaders.iterator(); i.hasNext(); ) {
                Loader loader = i.next();
                Object path = loader.classPath().get();
                if (path == null || !loader.record().isOpen()) {
                    i.remove(); // closed or collected: it opens nothing more
                } else if (Thread.holdsLock(path)) {
                    return loader.record();
                }
            }
        }
        return null;
    }

    /** How many loaders are remembered, closed and collected ones not yet dropped included. */
    int remembered() {
        synchronized (loaders) {
            return loaders.size();
        }
    }

    private static boolean isGone(Loader loader) {
        return loader.classPath().get() == null || !loader.record().isOpen();
    }

    private static InternalField classPathField() {
        try {
            return InternalField.find(URLClassLoader.class, "ucp");
        } catch (LinkageError | RuntimeException e) {
            return null; // jdk.internal.misc not exported to the agent: loaders are simply not linked to their jars
        }
    }

    private static Class<?> jarLoaderClass() {
        try {
            return Class.forName(JAR_LOADER, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
