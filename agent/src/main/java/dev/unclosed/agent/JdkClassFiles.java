package dev.unclosed.agent;

import java.io.IOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
     * the module.
     */
    private static final Module JAVA_BASE = Object.class.getModule();
    private static volatile Source javaBase;

    /**
     * The other modules of the boot layer, each with its reader once opened, asked in turn for a package (a
     * module's package set comes with its descriptor). A map of all their 700-odd packages was built at start in
     * every JVM (the agent's views load a class of jdk.jfr): 740 insertions, and the JIT compiling map code.
     */
    private static volatile Source[] otherModules;

    /** What each package asked about so far was found in: a Source, or {@link #NOWHERE}. */
    private static final Map<String, Object> FOUND = new ConcurrentHashMap<>();
    private static final Object NOWHERE = new Object();

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
                    return inOtherModules(pkg);
                }
                base = new Source(module);
                javaBase = base;
            }
            return base;
        }
        return inOtherModules(pkg);
    }

    private static Source inOtherModules(String pkg) {
        Object found = FOUND.get(pkg);
        if (found == null) {
            found = NOWHERE;
            for (Source source : otherModules()) {
                if (source.module.reference().descriptor().packages().contains(pkg)) {
                    found = source;
                    break;
                }
            }
            FOUND.put(pkg, found);
        }
        return found == NOWHERE ? null : (Source) found;
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

    private static Source[] otherModules() {
        Source[] sources = otherModules;
        if (sources == null) {
            List<Source> found = new ArrayList<>();
            for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
                if (!module.name().equals("java.base")) {
                    found.add(new Source(module));
                }
            }
            sources = found.toArray(new Source[0]);
            otherModules = sources;
        }
        return sources;
    }
}
