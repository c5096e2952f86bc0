package dev.unclosed.scenarios;

import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Closeables of a library that a loader of the application's own loads (args[0], a jar on no class path), which are
 * AutoCloseable only through an API of a javax or com.sun package that the library brings: {@code javax.jms}'s
 * Connection (JMS 2) and a {@code com.sun.mail} transport. Each opens a file in its constructor; three of each are
 * dropped without close(). And a thread of that library's own, which opens a file and drops it: no frame of the
 * application's is on its stack, and it is no JDK thread either.
 */
public class LibraryApiCloseables {

    public static void main(String[] args) throws Exception {
        URL[] jar = {Path.of(args[0]).toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(jar, LibraryApiCloseables.class.getClassLoader())) {
            Constructor<?> connection = loader.loadClass("plugin.JmsConnection").getConstructor();
            Constructor<?> transport = loader.loadClass("plugin.MailTransport").getConstructor();
            for (int i = 0; i < 3; i++) {
                connection.newInstance(); // @leak connection
                transport.newInstance(); // @leak transport
            }
            Thread idle = new Thread((Runnable) loader.loadClass("com.sun.mail.Idle").getConstructor().newInstance());
            idle.start();
            idle.join();
        }
    }
}
