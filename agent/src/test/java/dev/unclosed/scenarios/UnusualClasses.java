package dev.unclosed.scenarios;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Classes of every unusual origin, each holding a file open until exit: one from an application class loader, a
 * hidden class, a lambda, a generated class whose constructor is near the 64 KB limit (generated.BigConstructor),
 * and one so near that the agent's hooks do not fit (generated.TooBigConstructor), a class from a signed jar (signed.SignedResource); and a class that fails verification (generated.Unverifiable),
 * whose VerifyError is the application's, as without the agent. CoexistenceIT's sibling UnusualClassesIT
 * generates and signs what is named here and puts it on the class path.
 */
public class UnusualClasses {

    static final List<Object> HELD = new ArrayList<>();
    private static final String PREFIX = UnusualClasses.class.getName() + "$";

    public static final class PluginResource implements Closeable {
        private final FileInputStream in;

        public PluginResource() throws IOException {
            in = new FileInputStream("data.txt");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    public static final class HiddenResource implements Closeable {
        private final FileInputStream in;

        public HiddenResource() throws IOException {
            in = new FileInputStream("data.txt");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Defines the scenario's nested classes itself, as a plugin system defines its plugins' classes. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader() {
            super(UnusualClasses.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PREFIX)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classFile(name);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }
    }

    static byte[] classFile(String name) throws ClassNotFoundException {
        try (InputStream in = UnusualClasses.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    public static void main(String[] args) throws Exception {
        Scratch.file("data.txt");
        Class<?> plugin = new PluginLoader().loadClass(PREFIX + "PluginResource");
        HELD.add(plugin.getConstructor().newInstance()); // @leak plugin

        Class<?> hidden = MethodHandles.lookup().defineHiddenClass(classFile(PREFIX + "HiddenResource"), true).lookupClass();
        HELD.add(hidden.getConstructor().newInstance()); // @leak hidden

        Callable<FileInputStream> opener = () -> new FileInputStream("data.txt"); // @leak lambda
        HELD.add(opener.call());

        Object big = Class.forName("generated.BigConstructor").getConstructor().newInstance(); // @leak big
        HELD.add(big);
        System.out.println("big constructor ran: " + big.getClass().getField("sum").getInt(big));
        Object tooBig = Class.forName("generated.TooBigConstructor").getConstructor().newInstance();
        HELD.add(tooBig);
        System.out.println("too big constructor ran: " + tooBig.getClass().getField("sum").getInt(tooBig));

        try {
            Class.forName("generated.Unverifiable");
            System.out.println("unverifiable: loaded");
        } catch (VerifyError e) {
            System.out.println("unverifiable: " + e.getClass().getName());
        }

        Class<?> signed = Class.forName("signed.SignedResource");
        CodeSigner[] signers = signed.getProtectionDomain().getCodeSource().getCodeSigners();
        System.out.println("signed: " + (signers != null && signers.length > 0));
        HELD.add(signed.getConstructor().newInstance()); // @leak signed
        System.out.println("done");
    }
}
