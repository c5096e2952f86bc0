package dev.unclosed.agent.instrument;

import dev.unclosed.agent.ClassFiles;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supertypes of classes, read from the headers of their class files through one class loader and cached.
 * Classes are described, never loaded: loading one in the middle of another's transformation is what makes
 * instrumentation skip classes for good, depending on the order in which a JDK version loads them.
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
    }

    private static final Header MISSING = new Header(0, null, new String[0]);

    /**
     * Weakly: the transformer keeps one Hierarchy per loader as the value of a WeakHashMap keyed by that loader, and
     * a value that held its key would keep every loader the agent ever saw alive, with the jars it has open. Null
     * for the JDK's.
     */
    private final WeakReference<ClassLoader> loader;
    private final Hierarchy jdk;
    /** Not computeIfAbsent: reading a class file may load classes, whose transformation comes back here. */
    private final Map<String, Header> headers = new ConcurrentHashMap<>();

    /** @param jdk where JDK classes are looked up, cached once for all loaders; null for that one itself */
    Hierarchy(ClassLoader loader, Hierarchy jdk) {
        this.loader = loader == null ? null : new WeakReference<>(loader);
        this.jdk = jdk;
    }

    /** The header of a class, or null if its class file cannot be found or read. */
    Header header(String internalName) {
        if (jdk != null && isJdk(internalName)) {
            return jdk.header(internalName);
        }
        Header header = headers.get(internalName);
        if (header == null) {
            header = read(internalName);
            headers.put(internalName, header);
        }
        return header == MISSING ? null : header;
    }

    /** Remembers a header read from a class file at hand (the class being transformed). */
    void remember(String internalName, Header header) {
        if (jdk != null && isJdk(internalName)) {
            jdk.remember(internalName, header);
        } else {
            headers.putIfAbsent(internalName, header);
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
        Header header = header(internalName);
        return header != null && isSubtypeOf(header, target, depth);
    }

    private boolean isSubtypeOf(Header header, String target, int depth) {
        for (String i : header.interfaces()) {
            if (isSubtypeOf(i, target, depth + 1)) {
                return true;
            }
        }
        return isSubtypeOf(header.superName(), target, depth + 1);
    }

    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }

    private Header read(String internalName) {
        ClassLoader l = loader == null ? null : loader.get();
        if (loader != null && l == null) {
            return MISSING;
        }
        try {
            byte[] classFile = ClassFiles.read(l, internalName + ".class");
            return classFile == null ? MISSING : of(new ClassReader(classFile));
        } catch (Exception | LinkageError e) {
            return MISSING;
        }
    }

    static Header of(ClassReader reader) {
        return new Header(reader.getAccess(), reader.getSuperName(), reader.getInterfaces());
    }
}
