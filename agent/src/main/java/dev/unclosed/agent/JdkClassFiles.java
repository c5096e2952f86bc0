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

    /** The module reader of each package of the boot layer (slashes), opened on first use and kept. */
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
        Source source = packages().get(resource.substring(0, slash));
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
        return slash >= 0 && packages().containsKey(resource.substring(0, slash));
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
                    known.put(pkg.replace('.', '/'), source);
                }
            }
            packages = known;
        }
        return known;
    }
}
