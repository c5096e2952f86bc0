package dev.unclosed.agent.e2e;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Compiles small programs at test time, for scenarios that need source variants or classes inside a jar. */
final class Compiler {

    private Compiler() {
    }

    /** Writes {@code source} as {@code className}.java under {@code dir}/src and compiles it into {@code dir}/classes. */
    static Path compile(Path dir, String className, String source) throws IOException {
        return compile(dir, className, source, new Path[0]);
    }

    /** As {@link #compile(Path, String, String)}, against these jars. */
    static Path compile(Path dir, String className, String source, Path... classpath) throws IOException {
        Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String path = java.util.Arrays.stream(classpath).map(Path::toString)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        int status = javac.run(null, null, null, "--release", "17", "-g", "-cp", path.isEmpty() ? classes.toString() : path,
                "-d", classes.toString(), src.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + src);
        }
        return classes;
    }

    /** Packs the classes of one package (not its subpackages) from a directory of classes into a jar. */
    static Path jarPackage(Path classes, String packageName, Path jar) throws IOException {
        Path dir = classes.resolve(packageName.replace('.', '/'));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> paths = Files.list(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Packs a directory of classes into a jar. */
    static Path jar(Path classes, Path jar) throws IOException {
        return jar(classes, jar, new Manifest());
    }

    /** Packs a directory of classes into a jar with this manifest (Main-Class, Class-Path). */
    static Path jar(Path classes, Path jar, Manifest manifest) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> paths = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
