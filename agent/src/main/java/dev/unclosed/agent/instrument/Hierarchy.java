package dev.unclosed.agent.instrument;

import dev.unclosed.agent.ClassFiles;
import org.objectweb.asm.Opcodes;

import java.io.File;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * The supertypes of classes, read from the headers of their class files through one class loader and cached.
 * Classes are described, never loaded: loading one in the middle of another's transformation is what makes
 * instrumentation skip classes for good, depending on the order in which a JDK version loads them.
 *
 * <p>A class's header is usually needed before the class loads (a subclass loads first), and reading it through
 * the class loader (a resource URL, the jar entry inflated) was most of the agent's cost of loading a library. So
 * headers come first from the {@link HeaderIndex}es of the jars this loader has defined classes from (kept between
 * runs by {@link HeaderCache}), then from those jars' entries, and only then from the loader. A header found in a
 * jar may not be the one the loader will define (the same class in an earlier jar, or in a parent's): each read
 * ahead is checked when its class loads ({@link #loaded}), and one that was wrong is reported so that the
 * decisions taken on it are taken again.
 */
final class Hierarchy {

    /** What a class file header tells. */
    record Header(int access, String superName, String[] interfaces) {
        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        boolean isAbstract() {
            return (access & Opcodes.ACC_ABSTRACT) != 0;
        }

        /** Whether another header says the same of the class (records compare arrays by identity). */
        boolean sameAs(Header other) {
            return other != null && access == other.access && Objects.equals(superName, other.superName)
                    && Arrays.equals(interfaces, other.interfaces);
        }
    }

    /** A header and the CRC-32 of the class file it was read from. */
    private record Known(Header header, int crc) {
    }

    private static final Known MISSING = new Known(null, 0);

    /**
     * Headers read ahead of their class's loading, by name, in any loader, until that class loads and confirms (or
     * contradicts) them; and the names whose read ahead was contradicted, read through the class loader since.
     */
    private static final Map<String, Integer> READ_AHEAD = new ConcurrentHashMap<>(2048);
    private static final Set<String> CONTRADICTED = ConcurrentHashMap.newKeySet();
    /** Whether {@link #CONTRADICTED} has any name: almost never, and asked of most classes that load. */
    private static volatile boolean anyContradicted;

    /**
     * Weakly: the transformer keeps one Hierarchy per loader as the value of a WeakHashMap keyed by that loader, and
     * a value that held its key would keep every loader the agent ever saw alive, with the jars it has open. Null
     * for the JDK's.
     */
    private final WeakReference<ClassLoader> loader;
    private final Hierarchy jdk;
    /** Not computeIfAbsent: reading a class file may load classes, whose transformation comes back here. */
    private final Map<String, Known> headers;
    /** Where indexes are kept; null: none (headers read through the loader only). */
    private final HeaderCache cache;
    /** The jars this loader defined classes from, first seen first; for the JDK's hierarchy, its runtime image. */
    private final List<HeaderIndex> jars = new CopyOnWriteArrayList<>();
    private final Map<HeaderIndex, File> jarFiles = new ConcurrentHashMap<>();
    /**
     * Whether a class is, extends or implements a type, by type and then by class name, as far as asked: whether it
     * is an AutoCloseable is asked for every class that loads, and of all its supertypes; whether it is one of the
     * never-tracked types, of every closeable (walked anew each time, those were four in five of the supertype walks
     * of a run that loads H2 and Jackson).
     */
    private final Map<String, Map<String, Boolean>> subtypeOf = new ConcurrentHashMap<>(8);
    private static final String AUTO_CLOSEABLE = "java/lang/AutoCloseable";

    /**
     * The size the maps of a loader that loads many classes start at. Grown one doubling at a time from the
     * default, each copied itself eight times or so while the JVM's first classes loaded, mostly interpreted.
     */
    static final int MANY = 2048;

    /**
     * @param jdk   where JDK classes are looked up, cached once for all loaders; null for that one itself
     * @param cache where jars' indexes come from; null: headers are read through the loader only
     * @param many  whether the loader is one that loads many classes (the JDK's, the application's), whose maps
     *              start large; the many small loaders of a JVM (one per generated class, some of them) start small
     */
    Hierarchy(ClassLoader loader, Hierarchy jdk, HeaderCache cache, boolean many) {
        this.loader = loader == null ? null : new WeakReference<>(loader);
        this.jdk = jdk;
        this.cache = cache;
        this.headers = new ConcurrentHashMap<>(many ? MANY : 16);
        subtypeOf.put(AUTO_CLOSEABLE, new ConcurrentHashMap<>(many ? MANY : 16));
    }

    /** The header of a class, or null if its class file cannot be found or read. */
    Header header(String internalName) {
        if (jdk != null && isJdk(internalName)) {
            return jdk.header(internalName);
        }
        Known known = headers.get(internalName);
        if (known == null) {
            known = readAhead(internalName);
            headers.put(internalName, known);
        }
        return known.header();
    }

    /** The index of the jar a class of this loader comes from, made known to this hierarchy; null if none. */
    HeaderIndex jar(File file) {
        if (cache == null || file == null) {
            return null;
        }
        HeaderIndex index = cache.forJar(file);
        if (index != null && jarFiles.putIfAbsent(index, file) == null) {
            jars.add(index);
        }
        return index;
    }

    /** For the JDK's hierarchy: its classes are looked up in the index of the runtime image first. */
    void useJdkIndex() {
        if (cache != null) {
            jars.add(cache.forJdk());
        }
    }

    /**
     * The header of a class being loaded from {@code classFile} (CRC-32 {@code crc}) when an index or this
     * hierarchy already knows it from the same bytes, else null (then it is read from the bytes).
     */
    Header knownFor(String internalName, int crc, HeaderIndex jar) {
        Hierarchy owner = jdk != null && isJdk(internalName) ? jdk : this;
        Known known = owner.headers.get(internalName);
        if (known != null && known.header() != null && known.crc() == crc) {
            return known.header();
        }
        HeaderIndex.Entry entry = jar == null ? null : jar.get(internalName);
        return entry != null && entry.header() != null && entry.crc() == crc ? entry.header() : null;
    }

    /**
     * Remembers the header of a class that is loading, from its own bytes. Returns true if that contradicts the
     * header read ahead for it: decisions taken on the old one must be taken again.
     */
    boolean loaded(String internalName, Header header, int crc, HeaderIndex jar) {
        if (jar != null) {
            HeaderIndex.Entry indexed = jar.get(internalName);
            if (indexed == null || indexed.header() == null || indexed.crc() != crc) {
                jar.put(internalName, crc, header);
            }
        }
        if (jdk != null && isJdk(internalName)) {
            return jdk.loaded(internalName, header, crc, null);
        }
        Known now = new Known(header, crc);
        Known before = headers.put(internalName, now);
        boolean contradicted = before != null && before.crc() != crc && !header.sameAs(before.header());
        Integer ahead = READ_AHEAD.remove(internalName);
        if (!contradicted && ahead != null && ahead != crc) {
            // Read ahead by another loader (a child's, from a jar of its own): the same header, or that one is wrong.
            contradicted = true;
        }
        if (contradicted) {
            CONTRADICTED.add(internalName);
            anyContradicted = true;
        }
        return contradicted;
    }

    /**
     * For a class loading from {@code jar} that the jar's index says needs no hooks
     * ({@link HeaderIndex#isNotCloseableHere}): remembers its header, from the index, as {@link #loaded} would, and
     * returns true; or returns false, remembering nothing, if anything known contradicts the index (then the class
     * is to be taken the long way, which finds the contradiction).
     *
     * <p>Its direct supertypes are expected from the same jar, as the index's verdict was reached with them: those
     * not loaded yet are recorded as read ahead from there, so that one the loader defines from elsewhere
     * contradicts them when it loads, and the sweep that follows instruments the class should it be a closeable
     * after all; the supertypes' own supertypes are expected in turn when they load.
     */
    boolean loadedAsIndexed(String internalName, HeaderIndex.Entry entry, HeaderIndex jar) {
        if (entry == null || entry.header() == null || wasContradicted(internalName)) {
            return false;
        }
        int crc = entry.crc();
        Known before = headers.get(internalName);
        if (before != null && before.crc() != crc) {
            return false;
        }
        Integer ahead = READ_AHEAD.get(internalName);
        if (ahead != null && ahead != crc) {
            return false;
        }
        Header header = entry.header();
        if (!expectedFrom(jar, header.superName())) {
            return false;
        }
        for (String i : header.interfaces()) {
            if (!expectedFrom(jar, i)) {
                return false;
            }
        }
        if (ahead != null) {
            READ_AHEAD.remove(internalName, ahead);
        }
        if (before == null) {
            headers.put(internalName, new Known(header, crc));
        }
        return true;
    }

    private static boolean wasContradicted(String internalName) {
        return anyContradicted && CONTRADICTED.contains(internalName);
    }

    /** Whether a supertype is the JDK's, or known from the jar's bytes of it, or now read ahead from there. */
    private boolean expectedFrom(HeaderIndex jar, String internalName) {
        if (internalName == null || isJdk(internalName)) {
            return true;
        }
        // agreeingEntry's test, written out: the known header it looks up is needed below too, and this runs for
        // every supertype of most classes that load.
        HeaderIndex.Entry entry = jar.get(internalName);
        if (entry == null || entry.header() == null) {
            return false;
        }
        Known known = headers.get(internalName);
        if (known != null) {
            return known.crc() == entry.crc(); // loaded, or read ahead, from those bytes, or not
        }
        if (wasContradicted(internalName)) {
            return false;
        }
        Integer ahead = READ_AHEAD.putIfAbsent(internalName, entry.crc());
        if (ahead != null && ahead != entry.crc()) {
            return false;
        }
        headers.put(internalName, new Known(entry.header(), entry.crc()));
        return true;
    }

    /**
     * Whether every supertype of a class, up to {@code Object}, is the JDK's or a class of {@code jar} as this
     * hierarchy knows it (the same bytes, when it knows it at all): then whether the class is a closeable is decided
     * by that jar and the JDK alone, and can be kept in the jar's index ({@link HeaderIndex#notCloseableHere}).
     */
    boolean supertypesWithin(Header header, HeaderIndex jar) {
        return supertypesWithin(header, jar, 0);
    }

    private boolean supertypesWithin(Header header, HeaderIndex jar, int depth) {
        if (depth > 64) {
            return false;
        }
        if (!withinJar(header.superName(), jar, depth)) {
            return false;
        }
        for (String i : header.interfaces()) {
            if (!withinJar(i, jar, depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean withinJar(String internalName, HeaderIndex jar, int depth) {
        if (internalName == null || isJdk(internalName)) {
            return true;
        }
        HeaderIndex.Entry entry = agreeingEntry(jar, internalName);
        return entry != null && supertypesWithin(entry.header(), jar, depth + 1);
    }

    /**
     * The jar's entry of a class, with its header, unless this hierarchy knows that class from other bytes (read
     * from elsewhere, or defined so); null then, and if the jar has no header of it.
     */
    private HeaderIndex.Entry agreeingEntry(HeaderIndex jar, String internalName) {
        HeaderIndex.Entry entry = jar.get(internalName);
        if (entry == null || entry.header() == null) {
            return null;
        }
        Known known = headers.get(internalName);
        return known == null || known.crc() == entry.crc() ? entry : null;
    }

    /** Forgets what was read ahead for a class whose read ahead was contradicted; the next look-up asks the loader. */
    void forget(String internalName) {
        headers.remove(internalName);
        for (Map<String, Boolean> answers : subtypeOf.values()) {
            answers.clear(); // its subtypes' answers too
        }
    }

    /** Whether {@code internalName} is or extends or implements {@code target}; false if unknown. */
    boolean isSubtypeOf(String internalName, String target) {
        return isSubtypeOf(internalName, target, 0);
    }

    /** As {@link #isSubtypeOf(String, String)}, for a class whose header is at hand. */
    boolean isSubtypeOf(Header header, String target) {
        return isSubtypeOf(header, target, 0);
    }

    private boolean isSubtypeOf(String internalName, String target, int depth) {
        if (internalName == null || depth > 64) {
            return false;
        }
        if (internalName.equals(target)) {
            return true;
        }
        if (internalName.equals("java/lang/Object")) {
            return false;
        }
        // The JDK's classes are answered once for all loaders: their supertypes are the JDK's too.
        Hierarchy owner = jdk != null && isJdk(internalName) ? jdk : this;
        Map<String, Boolean> answers = owner.answersAbout(target);
        Boolean known = answers.get(internalName);
        if (known == null) {
            Header header = owner.header(internalName);
            known = header != null && owner.isSubtypeOf(header, target, depth);
            answers.put(internalName, known);
        }
        return known;
    }

    /** Which classes are or extend or implement {@code target}, as far as asked. */
    private Map<String, Boolean> answersAbout(String target) {
        Map<String, Boolean> answers = subtypeOf.get(target);
        if (answers == null) {
            answers = new ConcurrentHashMap<>();
            Map<String, Boolean> first = subtypeOf.putIfAbsent(target, answers);
            if (first != null) {
                answers = first;
            }
        }
        return answers;
    }

    private boolean isSubtypeOf(Header header, String target, int depth) {
        for (String i : header.interfaces()) {
            if (isSubtypeOf(i, target, depth + 1)) {
                return true;
            }
        }
        return isSubtypeOf(header.superName(), target, depth + 1);
    }

    /**
     * Whether the runtime image is where a class of this name comes from, whatever loader asks: java.* always, and
     * the other packages of the boot layer's modules (javax.xml, org.w3c.dom, com.sun.net.httpserver). Not a javax
     * or com.sun package that a library brings (javax.jms, com.sun.mail): those come from the application's
     * loaders, where the JDK's hierarchy would not find them, and a class that is AutoCloseable only through them
     * would go untracked (its objects reported as the streams they hold, if at all).
     */
    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/")
                || (mayBeInRuntimeImage(internalName) && ClassFiles.inRuntimeImage(internalName + ".class"));
    }

    /**
     * The boot layer's packages other than java.* start so: any other name is the application's, unasked. By its
     * first letter first: asked of every class that loads and of its supertypes, mostly interpreted, and most
     * names (org/..., com/...) are told apart by one or two comparisons.
     */
    private static boolean mayBeInRuntimeImage(String internalName) {
        if (internalName.isEmpty()) {
            return false;
        }
        switch (internalName.charAt(0)) {
            case 'j':
                return internalName.startsWith("javax/") || internalName.startsWith("jdk/");
            case 's':
                return internalName.startsWith("sun/");
            case 'c':
                return internalName.startsWith("com/sun/");
            case 'o':
                return internalName.startsWith("org/") && (internalName.startsWith("xml/", 4)
                        || internalName.startsWith("w3c/", 4) || internalName.startsWith("ietf/", 4));
            default:
                return false;
        }
    }

    /** A header needed before its class loads: from the jars' indexes, then their entries, then the loader. */
    private Known readAhead(String internalName) {
        ClassLoader l = loader == null ? null : loader.get();
        if (loader != null && l == null) {
            return MISSING;
        }
        if (!wasContradicted(internalName)) {
            for (HeaderIndex jar : jars) {
                Known known = fromJar(jar, internalName);
                if (known != null) {
                    if (loader != null) {
                        READ_AHEAD.putIfAbsent(internalName, known.crc());
                    }
                    return known;
                }
            }
        }
        try {
            byte[] classFile = ClassFiles.read(l, internalName + ".class");
            if (classFile == null) {
                return MISSING;
            }
            Known known = new Known(headerOf(classFile), crc(classFile));
            if (loader == null && !jars.isEmpty() && ClassFiles.inRuntimeImage(internalName + ".class")) {
                jars.get(0).put(internalName, known.crc(), known.header()); // the JDK's image: the class's only source
            }
            return known;
        } catch (Exception | LinkageError e) {
            return MISSING;
        }
    }

    /** The class's header from one jar (its index, or its entry read now), or null if that jar does not hold it. */
    private Known fromJar(HeaderIndex jar, String internalName) {
        HeaderIndex.Entry entry = jar.get(internalName);
        if (entry != null && entry.header() != null) {
            return new Known(entry.header(), entry.crc());
        }
        File file = jarFiles.get(jar);
        if (file == null || !Boolean.TRUE.equals(jar.holds(internalName))) {
            return null;
        }
        try {
            byte[] classFile = ClassFiles.readFromJar(file, internalName + ".class");
            if (classFile == null) {
                return null;
            }
            Known known = new Known(headerOf(classFile), crc(classFile));
            jar.put(internalName, known.crc(), known.header());
            return known;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    static int crc(byte[] classFile) {
        CRC32 crc = new CRC32();
        crc.update(classFile, 0, classFile.length);
        return (int) crc.getValue();
    }

    /**
     * The header of a class file, from its constant pool and the few bytes after it: what ASM's {@code ClassReader}
     * gives, without that large class. Every JVM read headers at start, and linking the reader alone (its verification)
     * took some 4 ms of it; it now loads only when a class is instrumented anew.
     */
    static Header headerOf(byte[] classFile) {
        ConstantPool pool = ConstantPool.of(classFile);
        if (pool == null) {
            throw new IllegalArgumentException("a constant pool item of a kind unknown here");
        }
        int at = pool.end();
        String[] interfaces = new String[pool.u2(at + 6)];
        for (int i = 0; i < interfaces.length; i++) {
            interfaces[i] = pool.className(pool.u2(at + 8 + 2 * i));
        }
        return new Header(pool.u2(at), pool.className(pool.u2(at + 4)), interfaces);
    }
}
