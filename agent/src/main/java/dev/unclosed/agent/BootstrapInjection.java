package dev.unclosed.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Makes sure the JDK-only hooks are in the bootstrap class loader, where the JDK's own classes can see them.
 *
 * <p>Usually they are already: the jar's {@code Boot-Class-Path} names the jar itself, so the bootstrap loader loads
 * all of the agent's classes, the hooks among them. When it does not (the jar was renamed, or attached to a running
 * JVM through a jar of its own), the hooks, nested in the agent jar as {@code META-INF/unclosed/bootstrap.jar}, are
 * defined straight into the bootstrap loader through the JDK's internal {@code jdk.internal.misc.Unsafe}, exported
 * to this agent alone for the purpose. Appending a jar to the bootstrap search path while the JVM runs (the last
 * resort) works just as well but makes HotSpot print "Sharing is only supported for boot loader classes because
 * bootstrap classpath has been appended" in every JVM the agent runs in.
 */
final class BootstrapInjection {

    private static final String BOOTSTRAP_JAR = "META-INF/unclosed/bootstrap.jar";

    private BootstrapInjection() {
    }

    /** Whether the bootstrap loader loaded the agent (through {@code Boot-Class-Path}), and with it the hooks. */
    static boolean agentInBootstrapLoader() {
        return BootstrapInjection.class.getClassLoader() == null;
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        if (agentInBootstrapLoader()) {
            openJavaBase(instrumentation);
            return;
        }
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

    /**
     * Class name to bytes, in the jar's order: outer classes after the nested ones they mention (definition does not
     * resolve). Read from the jar's central directory here, not through {@code JarInputStream}: that and the two
     * stream classes under it would load for this alone, and be retransformed as closeables loaded before the agent.
     */
    static Map<String, byte[]> classesIn(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Map<String, ZipDirectory.Entry> entries;
        try {
            entries = ZipDirectory.entriesOf(jar);
        } catch (IOException e) {
            throw new IOException(BOOTSTRAP_JAR + " is damaged: " + e.getMessage(), e);
        }
        try {
            for (Map.Entry<String, ZipDirectory.Entry> e : entries.entrySet()) {
                String entry = e.getKey();
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class")) {
                    continue;
                }
                ZipDirectory.Entry at = e.getValue();
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                classes.put(name, contentOf(jar, at.method(), at.dataStart(), at.compressedSize(), at.size()));
            }
        } catch (IndexOutOfBoundsException | DataFormatException e) {
            throw new IOException(BOOTSTRAP_JAR + " is damaged: " + e, e);
        }
        return classes;
    }

    private static byte[] contentOf(byte[] jar, int method, int data, int compressed, int size)
            throws IOException, DataFormatException {
        if (method == 0) {
            return Arrays.copyOfRange(jar, data, data + size);
        }
        if (method != 8) {
            throw new IOException(BOOTSTRAP_JAR + " has an entry compressed by method " + method);
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(jar, data, compressed);
            byte[] content = new byte[size];
            int n = 0;
            while (n < size && !inflater.finished()) {
                int read = inflater.inflate(content, n, size - n);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException(BOOTSTRAP_JAR + " has a truncated entry");
                }
                n += read;
            }
            return content;
        } finally {
            inflater.end();
        }
    }

    private static void defineInBootstrapLoader(Instrumentation instrumentation, Map<String, byte[]> classes) {
        openJavaBase(instrumentation);
        UnsafeDefiner.defineInBootstrapLoader(classes);
    }

    /**
     * Exports to this agent alone what it uses of java.base, in one call (the first costs the JDK a few lambdas):
     * jdk.internal.misc for the bootstrap definition here, to read the raw allocation stacks, so that identical
     * ones are shared, and to read a URLClassLoader's class path, to link it to the jars it opens (InternalField);
     * jdk.internal.access for the exit report's shutdown slot (ShutdownSlots).
     */
    static void openJavaBase(Instrumentation instrumentation) {
        if (javaBaseOpened) {
            return;
        }
        Set<Module> agent = Set.of(BootstrapInjection.class.getModule());
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", agent, "jdk.internal.access", agent), Map.of(), Set.of(), Map.of());
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
