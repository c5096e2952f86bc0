package dev.unclosed.scenarios.jarred;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application that lives in a jar (packed by the test), with a library in a second jar on the class path and a
 * plugin in a third, loaded through a class loader that reads the jar and lets go of it. It closes everything it
 * opens, then prints the jars its process still has open, one line each with the number of descriptors on it
 * ({@code /proc/self/fd}), for the test to compare with a run without the agent. Argument: the plugin jar.
 *
 * <p>This class constructs nothing but JDK classes, so that loading it makes the agent read no class file: the
 * first read of a {@code jar:} URL is the application's own, below, and the JDK's classes for it load (and are
 * instrumented) as in any application that reads one before it loads much else.
 */
public class FromJars {

    public static void main(String[] args) throws Exception {
        URLConnection self = FromJars.class.getResource("FromJars.class").openConnection();
        self.setUseCaches(false); // read and closed, the JDK keeps no copy of the jar open
        try (InputStream in = self.getInputStream()) {
            in.readAllBytes();
        }
        JarredApplication.run(Path.of(args[0]));
        // The agent lets go of a jar within half a second of its last read from it.
        Thread.sleep(1000);
        for (Map.Entry<String, Integer> jar : openJars().entrySet()) {
            System.out.println(jar.getValue() + " " + jar.getKey());
        }
    }

    private static Map<String, Integer> openJars() throws IOException {
        Map<String, Integer> jars = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.endsWith(".jar")) {
                        jars.merge(target, 1, Integer::sum);
                    }
                } catch (IOException e) {
                    // closed meanwhile: the directory stream's own descriptor
                }
            }
        }
        return jars;
    }
}
