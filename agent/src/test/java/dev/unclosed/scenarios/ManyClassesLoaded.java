package dev.unclosed.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads the classes named by args[1..] from a jar (args[0]) through a URLClassLoader, closed after: the loader reads
 * each class through entry streams of the jar it opened. Prints how many it loaded.
 */
public class ManyClassesLoaded {
    public static void main(String[] args) throws Exception {
        URL[] jar = {Path.of(args[0]).toUri().toURL()};
        int loaded = 0;
        try (URLClassLoader loader = new URLClassLoader(jar, ManyClassesLoaded.class.getClassLoader())) {
            for (int i = 1; i < args.length; i++) {
                loader.loadClass(args[i]);
                loaded++;
            }
        }
        System.out.println("loaded=" + loaded);
    }
}
