package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** A ZipFile, a JarFile and a ZipInputStream over a file, dropped: one finding each. */
public class ArchiveLeaks {
    public static void main(String[] args) throws Exception {
        File zip = new File("data.zip");
        try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write("hello".getBytes());
            out.closeEntry();
        }
        ZipFile zipFile = new ZipFile(zip); // @leak zipFile
        zipFile.getInputStream(zipFile.getEntry("a.txt")).read();
        new JarFile(zip).size(); // @leak jarFile
        new ZipInputStream(new FileInputStream(zip)).getNextEntry(); // @leak zipInput
    }
}
