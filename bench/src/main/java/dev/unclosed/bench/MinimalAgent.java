package dev.unclosed.bench;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.channels.FileLock;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.BaseStream;

/**
 * The start-up bench's floor: an agent that does only what the JVM charges any agent doing unclosed's job, and
 * nothing of unclosed's own. Loaded from the boot class path as unclosed is, it opens the class path's jars (as
 * unclosed does, so that the JDK's zip and jar classes load before the agent), opens the same java.base packages to
 * itself, and retransforms the JDK's closeables loaded before it (not the never-tracked ones) with their bytes
 * unchanged. What unclosed's start costs beyond this row is its own.
 */
public final class MinimalAgent {

    private MinimalAgent() {
    }

    public static void premain(String argument, Instrumentation instrumentation) throws UnmodifiableClassException {
        try {
            Class.forName("dev.unclosed.bench.MinimalAgent$OnNoClassPath", false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException expected) {
            // the class is nowhere; the jars are open
        }
        Set<Module> self = Set.of(MinimalAgent.class.getModule());
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", self, "jdk.internal.access", self), Map.of("java.net", self), Set.of(), Map.of());
        instrumentation.addTransformer(new Unchanged(), true);
        List<Class<?>> closeables = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && !c.isInterface() && AutoCloseable.class.isAssignableFrom(c)
                    && !BaseStream.class.isAssignableFrom(c) && !ExecutorService.class.isAssignableFrom(c)
                    && !FileLock.class.isAssignableFrom(c) && instrumentation.isModifiableClass(c)) {
                closeables.add(c);
            }
        }
        instrumentation.retransformClasses(closeables.toArray(new Class<?>[0]));
    }

    /** Hands each retransformed class its own bytes back, as a copy: the JVM redefines it all the same. */
    private static final class Unchanged implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classfile) {
            return classBeingRedefined == null ? null : classfile.clone();
        }
    }
}
