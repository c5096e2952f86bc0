package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader that loads a class while it is asked for a class file: the agent asks it for Base.class while it
 * transforms Child (to learn whether Child is a closeable), and the loader loads Sneaky right then, on the same
 * thread, in the middle of that transformation. The transformer must not instrument Sneaky there, and must not skip
 * it for good either. Two such loaders, each with its own Sneaky: the first one's was instrumented already when the
 * second's is deferred, under the same name.
 */
public class ClassLoadedWhileTransforming {

    static final List<Object> HELD = new ArrayList<>();
    private static final String PREFIX = ClassLoadedWhileTransforming.class.getName() + "$";

    public abstract static class Base implements Closeable {
    }

    public static class Child extends Base {
        @Override
        public void close() {
        }
    }

    public static class Sneaky implements Closeable {
        public static Sneaky open() {
            return new Sneaky(); // @leak sneaky
        }

        @Override
        public void close() {
        }
    }

    /** Defines the scenario's nested classes itself (child first), and loads Sneaky when asked for Base.class. */
    static final class SneakyLoader extends ClassLoader {
        private final boolean sneakFirst;

        SneakyLoader(boolean sneakFirst) {
            super(ClassLoadedWhileTransforming.class.getClassLoader());
            this.sneakFirst = sneakFirst;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PREFIX)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            if (sneakFirst && name.endsWith("$Base.class")) {
                try {
                    loadClass(PREFIX + "Sneaky"); // loaded in the middle of Child's transformation
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            return super.getResource(name);
        }
    }

    public static void main(String[] args) throws Exception {
        SneakyLoader plain = new SneakyLoader(false);
        HELD.add(plain.loadClass(PREFIX + "Sneaky").getMethod("open").invoke(null));
        SneakyLoader sneaky = new SneakyLoader(true);
        sneaky.loadClass(PREFIX + "Child");
        Class<?> deferred = sneaky.loadClass(PREFIX + "Sneaky");
        Thread.sleep(500); // the deferred class is retransformed on the agent's own thread
        HELD.add(deferred.getMethod("open").invoke(null));
        System.out.println("deferred Sneaky loaded by " + deferred.getClassLoader());
    }
}
