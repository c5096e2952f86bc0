package dev.unclosed.scenarios.jarred;

import dev.unclosed.scenarios.jarred.lib.LibraryFile;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads closeable classes from the application's jar, the library's and the plugin's, each with a supertype in the
 * same jar, which the agent reads from the jar before the class is defined. Closes everything.
 */
final class JarredApplication {

    private JarredApplication() {
    }

    static class Connection implements Closeable {
        final FileInputStream in;

        Connection(String file) throws IOException {
            in = new FileInputStream(file);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static final class PooledConnection extends Connection {
        PooledConnection(String file) throws IOException {
            super(file);
        }
    }

    static void run(Path pluginJar) throws Exception {
        String data = Files.writeString(Path.of("data.txt"), "data").toString();
        try (Connection c = new PooledConnection(data)) {
            c.in.read();
        }
        try (Closeable library = new LibraryFile(data)) {
            library.toString();
        }
        ClassLoader plugins = new JarBytesLoader(pluginJar, JarredApplication.class.getClassLoader());
        Class<?> plugin = plugins.loadClass("dev.unclosed.scenarios.jarred.plugin.FilePlugin");
        try (Closeable p = (Closeable) plugin.getConstructor(String.class).newInstance(data)) {
            p.toString();
        }
    }
}
