package dev.unclosed.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** URLClassLoaders over a jar (args[0]) that open it and are closed: with try-with-resources, and later. */
public class ClosedClassLoaders {
    public static void main(String[] args) throws Exception {
        URL[] jar = {Path.of(args[0]).toUri().toURL()};
        ClassLoader parent = ClosedClassLoaders.class.getClassLoader();
        try (URLClassLoader loader = new URLClassLoader(jar, parent)) {
            loader.loadClass("plugin.Plugin");
        }
        URLClassLoader later = new URLClassLoader(jar, parent);
        later.getResource("plugin.txt");
        later.loadClass("plugin.Plugin");
        later.close();
    }
}
