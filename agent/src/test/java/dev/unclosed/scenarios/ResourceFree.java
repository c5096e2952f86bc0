package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayReader;
import java.io.CharArrayWriter;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Formatter;
import java.util.List;
import java.util.Scanner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Closeables that hold no operating-system resource, never closed: nothing to report (unless strict). */
public class ResourceFree {

    static class Nothing implements Closeable {
        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 100; i++) {
            new ByteArrayInputStream(new byte[4]).read(); // @leak byteArray
            new ByteArrayOutputStream().write(1);
            new StringReader("text").read();
            new StringWriter().write("x");
            new CharArrayReader(new char[2]).read();
            new CharArrayWriter().write(1);
            InputStream.nullInputStream().read();
            OutputStream.nullOutputStream().write(1);
            Reader.nullReader().read();
            Writer.nullWriter().write(1);
            new BufferedReader(new StringReader("a\nb")).readLine();
            new PrintWriter(new StringWriter()).print("x");
            new Scanner("one two").next();
            new Formatter(new StringBuilder()).format("%d", i);
            new PrintStream(new FileOutputStream(FileDescriptor.out)).flush();
            new FileInputStream(FileDescriptor.in).hashCode();
            new InputStreamReader(System.in).hashCode();
            List<Integer> list = Stream.of(1, 2, 3).map(x -> x + 1).collect(Collectors.toList());
            list.hashCode();
            new Nothing().hashCode();
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.submit(() -> { }).get();
        executor.shutdown();
    }
}
