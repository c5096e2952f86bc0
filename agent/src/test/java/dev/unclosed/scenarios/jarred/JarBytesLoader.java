package dev.unclosed.scenarios.jarred;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A class loader that opens its jar only to read from it, and answers resource look-ups with {@code jar:} URLs,
 * as plugin and in-memory loaders do: it never keeps the jar open.
 */
final class JarBytesLoader extends ClassLoader {
    private final Path jar;

    JarBytesLoader(Path jar, ClassLoader parent) {
        super(parent);
        this.jar = jar;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(resource);
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected URL findResource(String name) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(name) == null ? null : new URL("jar:" + jar.toUri() + "!/" + name);
        } catch (MalformedURLException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
