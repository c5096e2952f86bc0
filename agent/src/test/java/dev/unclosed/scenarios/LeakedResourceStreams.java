package dev.unclosed.scenarios;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Streams that class-loading code opens and returns to the caller, dropped without close(). The resource lies in a
 * directory on the class path, so each is a real FileInputStream (under a BufferedInputStream).
 */
public class LeakedResourceStreams {
    static final String RESOURCE = "dev/unclosed/scenarios/settings.properties";

    public static void main(String[] args) throws Exception {
        LeakedResourceStreams.class.getResourceAsStream("settings.properties").read(); // @leak classResource
        ClassLoader.getSystemResourceAsStream(RESOURCE).read(); // @leak systemResource
        URL classes = LeakedResourceStreams.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader directory = new URLClassLoader(new URL[] {classes}, null);
        directory.getResourceAsStream(RESOURCE).read(); // @leak loaderResource
        LeakedResourceStreams.class.getResource("settings.properties").openStream().read(); // @leak urlOpenStream
    }
}
