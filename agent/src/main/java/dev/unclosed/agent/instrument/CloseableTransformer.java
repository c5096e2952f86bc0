package dev.unclosed.agent.instrument;

import dev.unclosed.agent.AgentPackages;
import dev.unclosed.agent.tracking.ResourceRules;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Adds the hook calls to every class that implements {@code AutoCloseable}, as it loads or when it is
 * retransformed: {@code close()} (and the JDK's internal equivalents) of every such class, the constructors of the
 * concrete ones. Plain ASM on the class file, deciding from class file headers (see {@link Hierarchy}): the agent
 * loads few classes of its own at start, and never loads another class while one is being transformed.
 *
 * <p>Left alone: interfaces, unclosed's own classes, synthetic classes, closeables by interface only (stream
 * pipelines, executors) and, unless {@code strict}, the JDK's in-memory streams.
 */
final class CloseableTransformer implements ClassFileTransformer {

    private static final String AUTO_CLOSEABLE = "java/lang/AutoCloseable";
    private static final String[] NEVER_TRACKED = {"java/util/stream/BaseStream", "java/util/concurrent/ExecutorService"};

    private final boolean strict;
    /** Set while this thread transforms a class: classes loaded meanwhile are handed to {@code deferred}. */
    private final ThreadLocal<boolean[]> busy = ThreadLocal.withInitial(() -> new boolean[1]);
    private final Deferred deferred;
    private final Consumer<String> errors;
    private final Consumer<String> instrumented;
    private final Hierarchy jdk = new Hierarchy(null, null);
    private final Map<ClassLoader, Hierarchy> loaders = new WeakHashMap<>();
    /** Whether a JDK type is a closeable (for constructor parameters): the same answer in every loader. */
    private final Map<String, Boolean> jdkCloseable = new ConcurrentHashMap<>();

    /** Receives the classes that loaded while this thread was transforming another, for a later retransformation. */
    interface Deferred {
        void classLoadedDuringTransformation(String className, ClassLoader loader);
    }

    CloseableTransformer(boolean strict, Consumer<String> instrumented, Consumer<String> errors, Deferred deferred) {
        this.strict = strict;
        this.deferred = deferred;
        this.instrumented = instrumented;
        this.errors = errors;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (className == null || AgentPackages.contains(className.replace('/', '.'))) {
            return null;
        }
        boolean[] transforming = busy.get();
        if (transforming[0]) {
            // Loaded by the transformation itself (reading a class file): transforming it now could need the class
            // being loaded further up this thread's stack. Not skipped for good: it is retransformed afterwards.
            if (classBeingRedefined == null) {
                deferred.classLoadedDuringTransformation(className.replace('/', '.'), loader);
            }
            return null;
        }
        transforming[0] = true;
        try {
            ClassReader reader = new ClassReader(classfile);
            Hierarchy.Header header = Hierarchy.of(reader);
            if (header.isInterface() || (header.access() & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MODULE)) != 0) {
                return null;
            }
            Hierarchy hierarchy = hierarchyOf(loader);
            hierarchy.remember(className, header);
            if (!isInstrumentable(className, header, hierarchy, classBeingRedefined)) {
                return null;
            }
            byte[] result = instrument(reader, className, header, hierarchy);
            instrumented.accept(className.replace('/', '.'));
            return result;
        } catch (Throwable t) {
            errors.accept("could not instrument " + className + ": " + t);
            return null;
        } finally {
            transforming[0] = false;
        }
    }

    private boolean isInstrumentable(String className, Hierarchy.Header header, Hierarchy hierarchy, Class<?> loaded) {
        if (!strict && ResourceRules.isJdkResourceFreeLeaf(className.replace('/', '.'))) {
            return false;
        }
        if (loaded != null) {
            // Being retransformed: the class itself answers, exactly.
            return AutoCloseable.class.isAssignableFrom(loaded) && !java.util.stream.BaseStream.class.isAssignableFrom(loaded)
                    && !java.util.concurrent.ExecutorService.class.isAssignableFrom(loaded);
        }
        if (!hierarchy.isSubtypeOf(header, AUTO_CLOSEABLE)) {
            return false;
        }
        for (String never : NEVER_TRACKED) {
            if (hierarchy.isSubtypeOf(header, never)) {
                return false;
            }
        }
        return true;
    }

    private byte[] instrument(ClassReader reader, String className, Hierarchy.Header header, Hierarchy hierarchy) {
        String internalClose = ResourceRules.internalCloseMethod(className.replace('/', '.'));
        boolean concrete = !header.isAbstract();
        boolean view = ResourceRules.isJdkView(className.replace('/', '.'));
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                // Class constants (ldc ThisClass.class) need class file version 49 (Java 5).
                int major = version & 0xFFFF;
                super.visit(major < Opcodes.V1_5 ? (version & 0xFFFF0000) | Opcodes.V1_5 : version,
                        access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                if (!hasCode) {
                    return visitor;
                }
                if ((access & Opcodes.ACC_STATIC) == 0 && descriptor.startsWith("()")
                        && (name.equals("close") || name.equals(internalClose))) {
                    return new HookCalls.Close(visitor);
                }
                if (concrete && name.equals("<init>")) {
                    return new HookCalls.Constructor(visitor, className, descriptor,
                            argumentsOf(descriptor, view, hierarchy));
                }
                return visitor;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Which arguments the tracker needs: those that may be closeables this object takes over or views. For views,
     * {@code Object} parameters count too: the JDK sometimes declares the viewed object that way.
     */
    private HookCalls.Arguments argumentsOf(String descriptor, boolean view, Hierarchy hierarchy) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        int closeables = 0;
        boolean first = false;
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getSort() != Type.OBJECT) {
                continue;
            }
            String type = parameters[i].getInternalName();
            if ((view && type.equals("java/lang/Object")) || isCloseable(type, hierarchy)) {
                closeables++;
                first |= i == 0;
            }
        }
        return closeables == 0 ? HookCalls.Arguments.NONE
                : closeables == 1 && first ? HookCalls.Arguments.FIRST : HookCalls.Arguments.ALL;
    }

    private boolean isCloseable(String type, Hierarchy hierarchy) {
        if (!Hierarchy.isJdk(type)) {
            return hierarchy.isSubtypeOf(type, AUTO_CLOSEABLE);
        }
        Boolean known = jdkCloseable.get(type);
        if (known == null) {
            known = jdk.isSubtypeOf(type, AUTO_CLOSEABLE);
            jdkCloseable.put(type, known);
        }
        return known;
    }

    private Hierarchy hierarchyOf(ClassLoader loader) {
        if (loader == null) {
            return jdk;
        }
        synchronized (loaders) {
            Hierarchy hierarchy = loaders.get(loader);
            if (hierarchy == null) {
                hierarchy = new Hierarchy(loader, jdk);
                loaders.put(loader, hierarchy);
            }
            return hierarchy;
        }
    }
}
