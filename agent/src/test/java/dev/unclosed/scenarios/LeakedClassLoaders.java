package dev.unclosed.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * URLClassLoaders over a jar (args[0], holding {@code plugin.Plugin} and {@code plugin.txt}) that open it, by loading
 * a class or looking up a resource, and are dropped without close(); and one kept open to the end.
 */
public class LeakedClassLoaders {

    /** An application's own loader. */
    static final class PluginLoader extends URLClassLoader {
        PluginLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }
    }

    static URLClassLoader kept;

    public static void main(String[] args) throws Exception {
        URL[] jar = {Path.of(args[0]).toUri().toURL()};
        ClassLoader parent = LeakedClassLoaders.class.getClassLoader();
        new URLClassLoader(jar, parent).loadClass("plugin.Plugin"); // @leak loadedClass
        new PluginLoader(jar, parent).getResource("plugin.txt"); // @leak subclass
        URLClassLoader.newInstance(jar, parent).loadClass("plugin.Plugin"); // @leak newInstance
        kept = new URLClassLoader(jar, parent); // @leak kept
        kept.loadClass("plugin.Plugin");
    }
}
