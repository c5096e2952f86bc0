package dev.unclosed.scenarios;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;

/** The streams of {@link LeakedResourceStreams}, each closed: by the caller, or by closing the loader that made it. */
public class ClosedResourceStreams {
    public static void main(String[] args) throws Exception {
        try (InputStream in = ClosedResourceStreams.class.getResourceAsStream("settings.properties")) {
            in.read();
        }
        try (InputStream in = ClassLoader.getSystemResourceAsStream(LeakedResourceStreams.RESOURCE)) {
            in.read();
        }
        URL classes = ClosedResourceStreams.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader directory = new URLClassLoader(new URL[] {classes}, null);
             InputStream in = directory.getResourceAsStream(LeakedResourceStreams.RESOURCE)) {
            in.read();
        }
        URLClassLoader closesItsStreams = new URLClassLoader(new URL[] {classes}, null);
        closesItsStreams.getResourceAsStream(LeakedResourceStreams.RESOURCE).read();
        closesItsStreams.close(); // closes the streams it handed out
        try (InputStream in = ClosedResourceStreams.class.getResource("settings.properties").openStream()) {
            in.read();
        }
    }
}
