package dev.unclosed.agent.reporting;

/**
 * JDK frames that hand what they open or create on to their caller, so that a JDK frame of class loading between
 * an allocation and its site does not always mean the JDK keeps the object for itself. What the JDK returns to the
 * caller is the caller's; only what it keeps is exempt from being reported.
 */
final class JdkHandOffs {

    private JdkHandOffs() {
    }

    /**
     * Whether a JDK frame returns the stream it got to its caller: {@code getResourceAsStream} and
     * {@code getSystemResourceAsStream} of {@code Class}, {@code ClassLoader}, {@code URLClassLoader} and
     * {@code Module}. Such a stream was opened by {@code URL.openStream()} or a {@code URLConnection} (a
     * {@code FileInputStream} for a resource in a directory) and is the caller's, unless the frame it is handed to
     * is JDK code that keeps it. Streams of resources in jars are opened by the JDK's {@code jar:} URL code, over a
     * JarFile the JDK caches: the class-loading frames inside the hand-off still make those the JDK's.
     */
    static boolean passesStreamOn(StackTraceElement e) {
        String method = e.getMethodName();
        return method.equals("getResourceAsStream") || method.equals("getSystemResourceAsStream");
    }

    /**
     * Whether a JDK frame between a class loader's constructor and its site leaves the loader to the caller: the
     * factory {@code URLClassLoader.newInstance} (on Java 17, through a privileged action, an inner class or a
     * lambda of URLClassLoader's), and reflection. Any other JDK frame there means the JDK created the loader for
     * itself.
     */
    static boolean passesLoaderOn(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals("java.net.URLClassLoader") || c.startsWith("java.net.URLClassLoader$")
                || c.equals("java.security.AccessController")
                || c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.invoke.");
    }
}
