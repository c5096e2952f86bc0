package dev.unclosed.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Puts the JDK-only hooks (nested in the agent jar as {@code META-INF/unclosed/bootstrap.jar}) into the bootstrap
 * class loader, where the JDK's own classes can see them.
 *
 * <p>First choice: define them straight into the bootstrap loader through the JDK's internal
 * {@code jdk.internal.misc.Unsafe}, exported to this agent alone for the purpose. Appending a jar to the bootstrap
 * search path instead (the fallback) works just as well but makes HotSpot print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended" in every JVM the agent runs in.
 */
final class BootstrapInjection {

    private static final String BOOTSTRAP_JAR = "META-INF/unclosed/bootstrap.jar";

    private BootstrapInjection() {
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        byte[] jar = readNestedJar();
        try {
            defineInBootstrapLoader(instrumentation, classesIn(jar));
        } catch (RuntimeException | LinkageError e) {
            appendToBootstrapSearch(instrumentation, jar);
        }
    }

    /**
     * Read straight from the agent jar, the nested jar costs a few entries of a file the JVM has open already;
     * through {@code getResourceAsStream} the class loaders first search the JDK's modules for it (opening the
     * runtime image) and then go through a {@code jar:} URL connection: about 5 ms of start-up.
     */
    static byte[] readNestedJar() throws IOException {
        File agentJar = AgentPackages.agentJar();
        if (agentJar != null) {
            try (JarFile jar = new JarFile(agentJar, false)) {
                JarEntry entry = jar.getJarEntry(BOOTSTRAP_JAR);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                }
            }
        }
        // Not loaded from a jar file after all: ask the class loader, which searches the JDK's modules first.
        try (InputStream in = BootstrapInjection.class.getClassLoader().getResourceAsStream(BOOTSTRAP_JAR)) {
            if (in == null) {
                throw new IOException(BOOTSTRAP_JAR + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** Class name to bytes, outer classes after the nested ones they mention (definition does not resolve). */
    private static Map<String, byte[]> classesIn(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    String name = entry.getName().substring(0, entry.getName().length() - ".class".length()).replace('/', '.');
                    classes.put(name, bytes.toByteArray());
                }
            }
        }
        return classes;
    }

    private static void defineInBootstrapLoader(Instrumentation instrumentation, Map<String, byte[]> classes) {
        openJavaBase(instrumentation);
        UnsafeDefiner.defineInBootstrapLoader(classes);
    }

    /**
     * Opens to this agent alone what it uses of java.base, in one call (the first costs the JDK a few lambdas):
     * jdk.internal.misc for the bootstrap definition here; java.lang so that identical allocation stacks can be
     * recognised in raw form and shared; java.net to link a URLClassLoader to the jars it opens (ClassLoaderJars);
     * jdk.internal.access for the exit report's shutdown slot (ShutdownSlots).
     */
    static void openJavaBase(Instrumentation instrumentation) {
        if (javaBaseOpened) {
            return;
        }
        Set<Module> agent = Set.of(BootstrapInjection.class.getModule());
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", agent, "jdk.internal.access", agent),
                Map.of("java.lang", agent, "java.net", agent), Set.of(), Map.of());
        javaBaseOpened = true;
    }

    private static boolean javaBaseOpened;

    private static void appendToBootstrapSearch(Instrumentation instrumentation, byte[] jar) throws IOException {
        Path file = Files.createTempFile("unclosed-bootstrap-", ".jar");
        file.toFile().deleteOnExit();
        Files.copy(new java.io.ByteArrayInputStream(jar), file, StandardCopyOption.REPLACE_EXISTING);
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
    }
}
