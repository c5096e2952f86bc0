package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentPackages;
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
 * @param frames             innermost first, without the agent's own frames, at most {@code stackDepth}
 * @param site               the application's frame that called {@code new}, the JDK factory or the library that
 *                           created the object; failing that, the first frame outside the JDK; null if none
 * @param siteIndex          the site's index in the full decoded stack, -1 if none
 * @param heldByJdk          opened by the JDK for itself (class loading, a JDK static initializer): never reported
 * @param staticInitializer  allocated while a static initializer ran: held for the JVM's lifetime by design
 */
public record AllocationStack(List<Frame> frames, Frame site, int siteIndex, boolean heldByJdk, boolean staticInitializer) {

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
            "jdk.internal.jimage.");

    public static AllocationStack decode(Throwable allocation, Class<?> type, int stackDepth) {
        return decode(allocation, type, stackDepth, null);
    }

    /**
     * As above; with {@code libraryClasses} (class name: whether it is a library's, see {@code ApplicationCode}), the
     * site is the first frame that is not a library's either, if there is one.
     */
    public static AllocationStack decode(Throwable allocation, Class<?> type, int stackDepth, Predicate<String> libraryClasses) {
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
        for (int i = start; i < elements.length; i++) {
            StackTraceElement e = elements[i];
            boolean jdk = isJdk(e);
            boolean ownConstructor = "<init>".equals(e.getMethodName()) && ownChain.contains(e.getClassName());
            if ("<clinit>".equals(e.getMethodName())) {
                staticInitializer = true;
                heldByJdk |= jdk;
            }
            if (jdk && startsWithAny(e.getClassName(), JDK_HOLDERS)) {
                heldByJdk = true;
            }
            if (!jdk && !ownConstructor && !AgentPackages.contains(e.getClassName())) {
                siteIndex = i;
                break;
            }
        }
        if (siteIndex < 0) {
            heldByJdk = true; // no application frame at all: the JDK opened it for itself
        }
        // A static initializer at or further out than the site (a class being initialized opened it) counts too.
        for (int i = Math.max(siteIndex, 0); i < elements.length && !staticInitializer; i++) {
            staticInitializer = "<clinit>".equals(elements[i].getMethodName());
        }
        if (siteIndex >= 0 && libraryClasses != null) {
            siteIndex = applicationFrame(elements, siteIndex, ownChain, libraryClasses);
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = start; i < elements.length && frames.size() < stackDepth; i++) {
            frames.add(frame(elements[i]));
        }
        Frame site = siteIndex >= 0 ? frame(elements[siteIndex]) : null;
        return new AllocationStack(frames, site, siteIndex, heldByJdk, staticInitializer);
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

    static boolean isJdk(StackTraceElement e) {
        String module = e.getModuleName();
        if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return true;
        }
        String c = e.getClassName();
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                || c.startsWith("com.sun.");
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
