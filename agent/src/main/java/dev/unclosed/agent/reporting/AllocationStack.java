package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentPackages;
import dev.unclosed.agent.ClassFiles;
import dev.unclosed.report.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A decoded allocation stack: the frames kept for the report, the allocation site among them, and what the
 * frames say about who holds the resource. Decoding is the costly part of tracking, done only for leaks.
 *
 * @param frames             innermost first, without the agent's own frames, at most {@code stackDepth}; for a
 *                           site's shared stack, only up to the site
 * @param complete           false for a site's shared stack: the frames beyond the site were another object's
 * @param site               the application's frame that called {@code new}, the JDK factory or the library that
 *                           created the object; failing that, the first frame outside the JDK; null if none
 * @param siteIndex          the site's index in the full decoded stack, -1 if none
 * @param heldByJdk          opened by the JDK for itself (class loading, a JDK static initializer), or a class loader
 *                           JDK code created: never reported
 * @param staticInitializer  allocated while a static initializer ran: held for the JVM's lifetime by design
 */
public record AllocationStack(List<Frame> frames, boolean complete, Frame site, int siteIndex, boolean heldByJdk,
                              boolean staticInitializer) {

    /** JDK code that opens files for its own lasting use when the application merely triggers it. */
    private static final List<String> JDK_HOLDERS = List.of(
            "java.lang.ClassLoader",
            "java.net.URLClassLoader",
            "java.security.SecureClassLoader",
            "jdk.internal.loader.",
            "sun.net.www.protocol.jar.",
            "sun.font.",
            "java.awt.Font",
            "sun.security.provider.",
            "java.util.ServiceLoader",
            "jdk.internal.module.",
            "jdk.internal.jimage.",
            // HttpURLConnection's connections, kept for reuse in the keep-alive cache; the user holds the body stream.
            "sun.net.www.http.",
            "sun.net.www.protocol.https.HttpsClient");

    /**
     * @param sharedStack    whether {@code allocation} is the call site's shared stack: then nothing beyond the site
     *                       is this object's, neither to show nor to judge by
     * @param libraryClasses null, or (class name: whether it is a library's, see {@code ApplicationCode}): then the
     *                       site is the first frame that is not a library's either, if there is one
     */
    public static AllocationStack decode(Throwable allocation, Class<?> type, int stackDepth, boolean sharedStack,
                                         Predicate<String> libraryClasses) {
        StackTraceElement[] elements = allocation.getStackTrace();
        int start = 0;
        while (start < elements.length && AgentPackages.contains(elements[start].getClassName())) {
            start++;
        }
        Set<String> ownChain = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ownChain.add(c.getName());
        }
        // A stack shared with something this object's constructor created starts inside that constructor:
        // this object's own stack starts at its constructor.
        for (int i = start; i < elements.length; i++) {
            if ("<init>".equals(elements[i].getMethodName()) && ownChain.contains(elements[i].getClassName())) {
                start = i;
                break;
            }
        }
        int siteIndex = -1;
        boolean heldByJdk = false;
        boolean staticInitializer = false;
        // Class loaders: any JDK frame that does not hand the loader on created it for the JDK's own use.
        boolean classLoader = ClassLoader.class.isAssignableFrom(type);
        // A stream handed on by getResourceAsStream is the caller's, unless JDK code receives and keeps it.
        boolean handedOn = false;
        for (int i = start; i < elements.length; i++) {
            StackTraceElement e = elements[i];
            boolean jdk = isJdk(e);
            boolean ownConstructor = "<init>".equals(e.getMethodName()) && ownChain.contains(e.getClassName());
            if ("<clinit>".equals(e.getMethodName())) {
                staticInitializer = true;
                heldByJdk |= jdk;
            }
            if (jdk && !ownConstructor) {
                if (classLoader) {
                    heldByJdk |= !JdkHandOffs.passesLoaderOn(e);
                } else if (JdkHandOffs.passesStreamOn(e)) {
                    handedOn = true;
                } else if (handedOn || startsWithAny(e.getClassName(), JDK_HOLDERS)) {
                    heldByJdk = true;
                }
            }
            if (!jdk && !ownConstructor && !AgentPackages.contains(e.getClassName())) {
                siteIndex = i;
                break;
            }
        }
        if (siteIndex < 0) {
            heldByJdk = true; // no application frame at all: the JDK opened it for itself
        }
        if (siteIndex >= 0 && libraryClasses != null) {
            siteIndex = applicationFrame(elements, siteIndex, ownChain, libraryClasses);
        }
        // A static initializer at or further out than the site (a class being initialized opened it) counts too.
        int end = sharedStack && siteIndex >= 0 ? siteIndex + 1 : elements.length;
        for (int i = Math.max(siteIndex, 0); i < end && !staticInitializer; i++) {
            staticInitializer = "<clinit>".equals(elements[i].getMethodName());
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = start; i < end && frames.size() < stackDepth; i++) {
            frames.add(frame(elements[i]));
        }
        Frame site = siteIndex >= 0 ? frame(elements[siteIndex]) : null;
        return new AllocationStack(frames, !sharedStack || siteIndex < 0, site, siteIndex, heldByJdk, staticInitializer);
    }

    /**
     * The first frame from {@code from} outward that is the application's: a leak is where the application asked
     * a library (and the JDK under it) for the object. If every frame is a library's, {@code from} stays the site.
     */
    private static int applicationFrame(StackTraceElement[] elements, int from, Set<String> ownChain, Predicate<String> libraryClasses) {
        for (int i = from; i < elements.length; i++) {
            StackTraceElement e = elements[i];
            String name = e.getClassName();
            if (!isJdk(e) && !AgentPackages.contains(name) && !("<init>".equals(e.getMethodName()) && ownChain.contains(name))
                    && !libraryClasses.test(name)) {
                return i;
            }
        }
        return from;
    }

    /**
     * A frame of the JDK's: by its module, or, for a frame that names none, by its package being one of the runtime
     * image's. Not a javax or com.sun package that a library brings (javax.jms, com.sun.mail): that library's frames
     * are a site like any other library's, and what its own threads open is not the JDK's to keep.
     */
    static boolean isJdk(StackTraceElement e) {
        String module = e.getModuleName();
        if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return true;
        }
        String c = e.getClassName();
        if (c.startsWith("java.")) {
            return true;
        }
        return module == null && (c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                || c.startsWith("com.sun.")) && ClassFiles.inRuntimeImage(c.replace('.', '/') + ".class");
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static Frame frame(StackTraceElement e) {
        return new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
    }
}
