package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Opens, first thing in main and holding them to the end, a resource of each of five JDK classes that the JVM loads
 * before the agent starts: their instrumentation has to be in place before main runs. args[0]: a jar to read.
 */
public class OpensFirstThing {
    static final List<AutoCloseable> held = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        held.add(new FileInputStream(args[0])); // @leak fileIn
        held.add(new FileOutputStream("out.txt")); // @leak fileOut
        held.add(new RandomAccessFile(args[0], "r")); // @leak randomAccess
        held.add(new ZipFile(args[0])); // @leak zip
        held.add(new JarFile(args[0])); // @leak jar
    }
}
