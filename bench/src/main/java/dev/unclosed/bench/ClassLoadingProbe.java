package dev.unclosed.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initializing) every class of one or more jars through a class loader of its own, and prints how many and
 * how long: what the agent adds to loading application classes, which it reads to find closeables and call sites.
 * Prints {@code classes=N millis=M}.
 */
public final class ClassLoadingProbe {

    private ClassLoadingProbe() {
    }

    /** {@code args[0]}: one jar, or several separated by the path separator, all loaded through one loader. */
    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (String path : args[0].split(File.pathSeparator)) {
            File jar = new File(path);
            urls.add(jar.toURI().toURL());
            try (JarFile file = new JarFile(jar)) {
                for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                        names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        // The platform loader as parent: every class of the jars is defined by this loader, as an application's would be.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            long start = System.nanoTime();
            int loaded = 0;
            for (String name : names) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // an optional dependency missing from the jars: not loadable with or without the agent
                }
            }
            System.out.println("classes=" + loaded + " millis=" + (System.nanoTime() - start) / 1_000_000.0);
        }
    }
}
