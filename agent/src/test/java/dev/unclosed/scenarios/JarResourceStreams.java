package dev.unclosed.scenarios;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Streams of a resource inside a jar (args[0], also on the class path), dropped without close(): from a class of
 * the jar, from a URLClassLoader over it (closed), and from a {@code jar:} URL. Each reads through a JarFile that
 * the JDK caches and keeps open; the stream holds no descriptor of its own.
 */
public class JarResourceStreams {
    public static void main(String[] args) throws Exception {
        Class.forName("plugin.Plugin").getResourceAsStream("/plugin.txt").read();
        URL jar = Path.of(args[0]).toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, null)) {
            loader.getResourceAsStream("plugin.txt").read();
        }
        URI.create("jar:" + jar + "!/plugin.txt").toURL().openStream().read();
    }
}
