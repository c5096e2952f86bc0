package dev.unclosed.scenarios;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Wrappers dropped, and collected, while what they wrap is still open and is closed later by its owner: not leaks,
 * however early the collector finds the wrappers. Two real leaks beside them must be found every time, the same way.
 */
public class WrappersDroppedBeforeTheirResourceCloses {

    public static void main(String[] args) throws Exception {
        File jar = writeJar(new File("entries.jar"), 20);
        File gz = writeMultiMemberGzip(new File("members.gz"));

        try (JarFile jarFile = new JarFile(jar)) {
            for (Enumeration<JarEntry> entries = jarFile.entries(); entries.hasMoreElements(); ) {
                try (InputStream in = jarFile.getInputStream(entries.nextElement())) {
                    readAll(new BufferedInputStream(in));
                }
                collect();
            }
        }

        try (JarInputStream jarIn = new JarInputStream(new FileInputStream(jar))) {
            while (jarIn.getNextJarEntry() != null) {
                readAll(new BufferedInputStream(jarIn));
                collect();
            }
        }

        for (int i = 0; i < 5; i++) {
            try (InputStream file = new FileInputStream(gz); InputStream in = new GZIPInputStream(file)) {
                readAll(in);
                collect();
            }
        }

        new BufferedReader(new FileReader(jar)).read(); // @leak reader
        new JarFile(jar).size(); // @leak jarFile
        collect();
        collect();
    }

    private static void readAll(InputStream in) throws IOException {
        in.readAllBytes();
    }

    private static void collect() throws InterruptedException {
        System.gc();
        Thread.sleep(20);
    }

    private static File writeJar(File file, int entries) throws IOException {
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(file))) {
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new JarEntry("entry" + i + ".txt"));
                out.write(("entry " + i + "\n").repeat(200).getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    /** Two gzip members back to back: the reader then makes its own temporaries for the trailing member. */
    private static File writeMultiMemberGzip(File file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int member = 0; member < 2; member++) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(one)) {
                gzip.write(("member " + member + "\n").repeat(500).getBytes(StandardCharsets.UTF_8));
            }
            bytes.write(one.toByteArray());
        }
        try (FileOutputStream out = new FileOutputStream(file)) {
            bytes.writeTo(out);
        }
        return file;
    }
}
