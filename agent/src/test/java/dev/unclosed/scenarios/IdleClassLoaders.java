package dev.unclosed.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * URLClassLoaders dropped without close() that never opened a jar: one over a jar (args[0]) that never looked
 * anything up, one over a directory only. Neither leaves a descriptor open.
 */
public class IdleClassLoaders {
    public static void main(String[] args) throws Exception {
        URL[] jar = {Path.of(args[0]).toUri().toURL()};
        ClassLoader parent = IdleClassLoaders.class.getClassLoader();
        new URLClassLoader(jar, parent);
        URL[] directory = {Path.of("").toAbsolutePath().toUri().toURL()};
        Scratch.file("notes.txt");
        new URLClassLoader(directory, parent).getResource("notes.txt");
    }
}
