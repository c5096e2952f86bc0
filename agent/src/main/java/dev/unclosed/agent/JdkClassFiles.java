package dev.unclosed.agent;

import java.io.IOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Class files of the JDK's own modules read straight from the runtime image through each module's reader, not
 * through {@code ClassLoader.getSystemResource} and a {@code jrt:} URL connection per class: the agent reads the
 * headers of a hundred or more JDK classes while the JVM starts, and that way cost it tens of milliseconds.
 * Only packages of the boot layer are answered here; anything else (a {@code javax} package on the class path)
 * is left to the class loader.
 */
final class JdkClassFiles {

    /**
     * java.base, asked first: nearly every JDK class the agent reads is one of its, and its package set comes with
     * the module, so the map of the boot layer's 700-odd packages below is built only for a class of another
     * module. Built at start, that map was some 740 string copies and insertions in every JVM.
     */
    private static final Module JAVA_BASE = Object.class.getModule();
    private static volatile Source javaBase;

    /** The module reader of each package of the boot layer (dots), opened on first use and kept. */
    private static volatile Map<String, Source> packages;

    private static final class Source {
        final ResolvedModule module;
        volatile ModuleReader reader;

        Source(ResolvedModule module) {
            this.module = module;
        }
    }

    private JdkClassFiles() {
    }

    /** The class file, or null when no module of the boot layer holds its package or it cannot be read here. */
    static byte[] read(String resource) {
        int slash = resource.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        Source source = sourceOf(resource.substring(0, slash).replace('/', '.'));
        if (source == null) {
            return null;
        }
        try {
            ModuleReader reader = source.reader;
            if (reader == null) {
                reader = open(source.module);
                source.reader = reader;
            }
            Optional<ByteBuffer> buffer = reader.read(resource);
            if (buffer.isEmpty()) {
                return null;
            }
            try {
                ByteBuffer bytes = buffer.get();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                return copy;
            } finally {
                reader.release(buffer.get());
            }
        } catch (IOException | RuntimeException e) {
            return null; // the class loader's way is still there
        }
    }

    /** Whether the resource's package is one of the boot layer's modules': only they are read here. */
    static boolean holds(String resource) {
        int slash = resource.lastIndexOf('/');
        return slash >= 0 && sourceOf(resource.substring(0, slash).replace('/', '.')) != null;
    }

    /** The module that holds this package (dots) in the boot layer, or null. */
    private static Source sourceOf(String pkg) {
        if (JAVA_BASE.getPackages().contains(pkg)) {
            Source base = javaBase;
            if (base == null) {
                ResolvedModule module = ModuleLayer.boot().configuration().findModule("java.base").orElse(null);
                if (module == null) {
                    return packages().get(pkg);
                }
                base = new Source(module);
                javaBase = base;
            }
            return base;
        }
        return packages().get(pkg);
    }

    private static ModuleReader open(ResolvedModule module) throws IOException {
        // The JDK's image reader: kept for the JVM's life, like the JDK's own; the agent's, so never tracked.
        ClassFiles.AgentCode code = ClassFiles.agentCode();
        boolean wasInside = code.enter();
        try {
            return module.reference().open();
        } finally {
            code.leave(wasInside);
        }
    }

    private static Map<String, Source> packages() {
        Map<String, Source> known = packages;
        if (known == null) {
            known = new HashMap<>();
            for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
                Source source = new Source(module);
                for (String pkg : module.reference().descriptor().packages()) {
                    known.put(pkg, source);
                }
            }
            packages = known;
        }
        return known;
    }
}
