package dev.unclosed.agent.instrument;

import dev.unclosed.agent.AgentPackages;
import dev.unclosed.agent.ApplicationCode;
import dev.unclosed.agent.tracking.Faults;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.SiteRegistry;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Adds the hook calls to every class that implements {@code AutoCloseable}, as it loads or when it is
 * retransformed: {@code close()} (and the JDK's internal equivalents) of every such class, the constructors of the
 * concrete ones; and, with a {@link SiteRegistry}, the announcements of call sites ({@link SiteMarker}) in
 * application classes and tracked constructors. Plain ASM on the class file, deciding from class file headers
 * (see {@link Hierarchy}): the agent loads few classes of its own at start, and never loads another class while
 * one is being transformed.
 *
 * <p>Left alone: interfaces, unclosed's own classes, synthetic classes, closeables by interface only (stream
 * pipelines, executors), file locks (their channel is the resource) and, unless {@code strict}, the JDK's
 * in-memory streams.
 */
final class CloseableTransformer implements ClassFileTransformer {

    private static final String AUTO_CLOSEABLE = "java/lang/AutoCloseable";
    /** {@code ResourceRules}' never-tracked types (pipelines, executors, file locks), as internal names. */
    private static final String[] NEVER_TRACKED = internalNames(ResourceRules.neverTrackedTypes());

    private final boolean strict;
    /** Where application call sites are registered; null: call sites are not marked ({@code stacks=object}). */
    private final SiteRegistry sites;
    private final Instrumentation instrumentation;
    /** Set while this thread transforms a class: classes loaded meanwhile are handed to {@code deferred}. */
    private final ThreadLocal<boolean[]> busy = new Busy();
    private final Deferred deferred;
    /** Set once a class was instrumented with ASM in this JVM (see {@link CloseableInstrumentation}'s warm-up). */
    private static volatile boolean instrumentedOnce;
    /** A thread whose loads are all left alone, for its owner to retransform afterwards (the warm-up's); null: none. */
    private volatile Thread deferringThread;
    private final Consumer<String> errors;
    private final Consumer<String> instrumented;
    /** Tells libraries from the application; null: every class of an application loader is the application's. */
    private final ApplicationCode application;
    /** What is known of the classes one loader sees; the JDK's are known once for all loaders. */
    private static final class LoaderTypes {
        final Hierarchy hierarchy;
        /** Whether a class's constructors track (see {@link #isTrackedClass}), by internal name. */
        final Map<String, Boolean> tracked;

        LoaderTypes(Hierarchy hierarchy, boolean many) {
            this.hierarchy = hierarchy;
            this.tracked = new ConcurrentHashMap<>(many ? Hierarchy.MANY : 16);
        }
    }

    /**
     * Not ThreadLocal.withInitial with a lambda: the transformer is made while the agent starts, where linking a
     * first lambda cost about a millisecond.
     */
    private static final class Busy extends ThreadLocal<boolean[]> {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    }

    private final LoaderTypes jdk;
    private final Map<ClassLoader, LoaderTypes> loaders = new WeakHashMap<>();
    /** Where jars' headers are kept between runs; null: read every time. */
    private final HeaderCache headerCache;
    /**
     * The jar's index for each protection domain classes were defined with (a loader makes one per jar), or
     * NO_JAR: looked up once per jar, not once per class.
     */
    private final Map<ProtectionDomain, Object> jarsByDomain = new WeakHashMap<>();
    private static final Object NO_JAR = new Object();
    /** Whether a JDK type is a closeable (for constructor parameters): the same answer in every loader. */
    private final Map<String, Boolean> jdkCloseable = new ConcurrentHashMap<>(Hierarchy.MANY);

    /** Receives the classes that loaded while this thread was transforming another, for a later retransformation. */
    interface Deferred {
        void classLoadedDuringTransformation(String className, ClassLoader loader);

        /** A class of this name was instrumented as {@code loader} defined it. */
        default void instrumented(String className, ClassLoader loader) {
        }

        /**
         * Instrumenting this class failed (a constructor too large, say), and was counted: a later sweep must not try
         * it again, which would fail and count again.
         */
        default void failed(String className, ClassLoader loader) {
        }

        /**
         * A transformation asked a class loader of the application's for class files: its code ran inside the
         * transformation and may have loaded classes, which the JVM does not hand to the transformer then (one
         * transformation at a time per thread and agent), so they are looked for afterwards.
         */
        default void applicationLoaderRan() {
        }
    }

    CloseableTransformer(boolean strict, SiteRegistry sites, Instrumentation instrumentation,
                         Consumer<String> instrumented, Consumer<String> errors, Deferred deferred) {
        this(strict, sites, instrumentation, instrumented, errors, deferred, null, null);
    }

    CloseableTransformer(boolean strict, SiteRegistry sites, Instrumentation instrumentation,
                         Consumer<String> instrumented, Consumer<String> errors, Deferred deferred,
                         ApplicationCode application, HeaderCache headerCache) {
        this.application = application;
        this.headerCache = headerCache;
        Hierarchy jdkHierarchy = new Hierarchy(null, null, headerCache, true);
        jdkHierarchy.useJdkIndex();
        this.jdk = new LoaderTypes(jdkHierarchy, true);
        this.strict = strict;
        this.sites = sites;
        this.instrumentation = instrumentation;
        this.deferred = deferred;
        this.instrumented = instrumented;
        this.errors = errors;
    }

    /**
     * Every class {@code thread} loads from now on is left as it is, until this is called again (null: none); the
     * caller retransforms those that need it once that thread has ended.
     */
    void deferLoadsOn(Thread thread) {
        deferringThread = thread;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (className == null || AgentPackages.containsInternal(className)) {
            return null;
        }
        if (Thread.currentThread() == deferringThread) {
            // Left to the caller of deferLoadsOn, which looks for such classes once the thread is done: recording
            // them here would take a lock in the middle of a class load, where another thread may wait on this one.
            return null;
        }
        boolean[] transforming = busy.get();
        if (transforming[0]) {
            // Loaded by the transformation itself (reading a class file): transforming it now could need the class
            // being loaded further up this thread's stack. Not skipped for good: it is retransformed afterwards.
            // HotSpot does not call an agent's transformers again on a thread already in one (such classes are
            // found by applicationLoaderRan's sweep instead); this guard holds should a JVM ever do so.
            if (classBeingRedefined == null) {
                deferred.classLoadedDuringTransformation(className.replace('/', '.'), loader);
            }
            return null;
        }
        transforming[0] = true;
        try {
            if (Faults.ACTIVE) {
                Faults.transforming(className);
            }
            LoaderTypes types = typesOf(loader);
            Hierarchy hierarchy = types.hierarchy;
            // A class seen before (in this JVM, or by an earlier one through the jar's index) is recognised by the
            // CRC-32 of its bytes, and most classes, which create no closeable, are then never parsed at all.
            int crc = Hierarchy.crc(classfile);
            // Not the JDK's classes: looking one up in the runtime image's index while it loads runs code that may
            // need that very class (ClassCircularityError in the application's call, seen with AssertionError and
            // ApplicationShutdownHooks); they are parsed, as few load after the agent.
            HeaderIndex jar = loader == null || classBeingRedefined != null ? null : jarOf(domain, hierarchy);
            // Looked up once here: most classes end in the test below, each of whose questions is about this entry.
            HeaderIndex.Entry indexed = jar == null ? null : jar.get(className);
            if (indexed != null && indexed.notCloseableHere(crc) && !Hierarchy.isJdk(className)
                    && hierarchy.loadedAsIndexed(className, indexed, jar)) {
                // Known from an earlier JVM to need no hooks: most of a library's classes end here, without the
                // closeable test and its questions about other classes.
                if (application != null) {
                    application.loading(className, domain);
                }
                if (!mayMarkSites(loader, className, classfile, domain, indexed, crc)) {
                    return null;
                }
            }
            InstrumentedClassFiles copies = headerCache == null ? null : headerCache.copies();
            String jarPath = jar == null ? null : jar.path; // its copies are kept in the jar's pack
            // The JDK's classes retransformed (at start: those loaded before the agent, the same in every JVM) have
            // their copies in one file, read at once; others, a file each, read when their class loads.
            boolean startCopy = classBeingRedefined != null && !isApplication(loader);
            Hierarchy.Header header = hierarchy.knownFor(className, crc, jar);
            if (header == null && startCopy && copies != null) {
                header = copies.jdkHeader(className, crc);
            }
            if (header == null) {
                header = Hierarchy.headerOf(classfile);
            }
            if (hierarchy.loaded(className, header, crc, jar)) {
                readAheadWasWrong(className);
            }
            if ((header.access() & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MODULE)) != 0) {
                return null; // left as they are, but their headers kept too: else parsed again by every JVM
            }
            if (application != null) {
                application.loading(className, domain);
            }
            boolean closeable = !header.isInterface()
                    && isInstrumentable(className, header, hierarchy, classBeingRedefined, loader == null);
            // A library's call sites are not announced: their objects are made for many callers in the application,
            // each of which is a site of its own (AllocationStack), so each keeps its own stack.
            // The library test first: it is a look-up per jar, while the constant pool scan may read the headers of
            // every class whose constructor this one calls.
            // Which constructors of tracked classes it calls, from the constant pool alone (no code is read, and the
            // many classes that create no closeable are left untouched). Most call none, which the jar's index keeps
            // for the next JVM: the scan and its questions about other classes were most of the cost of a class.
            // What the instrumentation asks about other classes, recorded for a kept copy; for application code,
            // first which constructors track, as the methods marked depend on it.
            InstrumentedClassFiles.Answers answers = null;
            boolean[] trackedConstructors = null;
            byte[] keptApplicationCode = null;
            boolean noKeptCopy = false;
            if (mayMarkSites(loader, className, classfile, domain, jar == null ? null : jar.get(className), crc)) {
                if (copies != null && jar != null && jar.callsTrackedConstructor(className, crc)) {
                    // Found by an earlier JVM to call one, and kept: the copy's answers include the scan's, so a
                    // copy that still holds is what the scan and the instrumentation would make now.
                    keptApplicationCode = copies.find(className, crc, true, jarPath,
                            new ClassQuestions(types, className, module, null), siteIds);
                    noKeptCopy = keptApplicationCode == null; // none that holds: not looked for again, if scanned alike
                }
                if (keptApplicationCode == null) {
                    answers = copies == null ? null : new InstrumentedClassFiles.Answers();
                    trackedConstructors = TrackedConstructorCalls.in(classfile, new TrackedIn(types, answers));
                    if (jar != null && headerCache.keepsVerdicts() && (trackedConstructors == null || copies != null)) {
                        jar.scanned(className, crc, header, trackedConstructors != null);
                    }
                }
            }
            boolean applicationCode = trackedConstructors != null || keptApplicationCode != null;
            if (!closeable && !applicationCode) {
                if (jar != null && headerCache.keepsVerdicts()
                        && (header.isInterface() || hierarchy.supertypesWithin(header, jar))) {
                    jar.notCloseableHere(className, crc, header);
                }
                return null;
            }
            if (copies != null && !applicationCode) {
                answers = new InstrumentedClassFiles.Answers(); // a closeable alone: its scan's answers are not its
            }
            if (instrumentation != null && module != null && module.isNamed() && !module.canRead(HOOKS_MODULE)) {
                // A named module reads only what it declares: the hooks' (unnamed) module has to be added.
                instrumentation.redefineModule(module, Set.of(HOOKS_MODULE), Map.of(), Map.of(), Set.of(), Map.of());
            }
            // A class instrumented by an earlier JVM, from the same bytes and with the same answers, is not
            // instrumented again; its call sites, if any, get ids of this JVM's.
            ClassQuestions questions = new ClassQuestions(types, className, module, answers);
            byte[] result = keptApplicationCode;
            if (result == null && copies != null && !(noKeptCopy && applicationCode)) {
                result = startCopy ? copies.findJdk(className, crc, questions)
                        : copies.find(className, crc, applicationCode, jarPath, questions, siteIds);
            }
            if (result == null) {
                boolean first = !instrumentedOnce;
                result = instrument(new ClassReader(classfile), className, header, questions, closeable, trackedConstructors);
                if (first) {
                    instrumentedOnce = true;
                    // ASM's writing side loaded just now, inside this transformation, where the JVM hands what it
                    // loads to no transformer: a sweep looks for any closeable among it.
                    deferred.applicationLoaderRan();
                }
                if (copies != null && startCopy && questions.siteIdOffsets.length == 0) {
                    copies.keepJdk(className, crc, header, answers, result);
                } else if (copies != null) {
                    copies.keep(className, crc, applicationCode, jarPath, answers, result, questions.siteIdOffsets);
                }
            }
            if (closeable) {
                instrumented.accept(className.replace('/', '.'));
                deferred.instrumented(className.replace('/', '.'), loader);
            }
            return result;
        } catch (Throwable t) {
            errors.accept("could not instrument " + className + ": " + t);
            deferred.failed(className.replace('/', '.'), loader);
            return null;
        } finally {
            transforming[0] = false;
            if (loader != null && classBeingRedefined == null && loader.getClass().getClassLoader() != null) {
                deferred.applicationLoaderRan(); // a loader class of the application's, not the JDK's
            }
        }
    }

    /**
     * Whether the class is application code whose call sites may have to be marked: not when sites are not marked,
     * nor for a library's class, nor for one an earlier JVM found to call no constructor of a tracked class.
     */
    private boolean mayMarkSites(ClassLoader loader, String className, byte[] classfile, ProtectionDomain domain,
                                 HeaderIndex.Entry indexed, int crc) {
        return sites != null && (indexed == null || !indexed.callsNoTrackedConstructor(crc)) && isApplication(loader)
                && majorVersion(classfile) >= Opcodes.V1_5
                && (application == null || !application.isLibraryClass(className, domain));
    }

    private static int majorVersion(byte[] classfile) {
        return ((classfile[6] & 0xFF) << 8) | (classfile[7] & 0xFF);
    }

    /** The index of the jar a class is defined from, when it is a local jar; the loader's hierarchy learns of it. */
    private HeaderIndex jarOf(ProtectionDomain domain, Hierarchy hierarchy) {
        if (headerCache == null || domain == null) {
            return null;
        }
        Object known;
        synchronized (jarsByDomain) {
            known = jarsByDomain.get(domain);
        }
        if (known == null) {
            java.security.CodeSource source = domain.getCodeSource();
            java.net.URL location = source == null ? null : source.getLocation();
            java.io.File file = null;
            if (location != null && "file".equals(location.getProtocol()) && location.getPath().endsWith(".jar")) {
                try {
                    file = new java.io.File(location.toURI());
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    file = null;
                }
            }
            HeaderIndex index = file == null || !file.isFile() ? null : hierarchy.jar(file);
            known = index == null ? NO_JAR : index;
            synchronized (jarsByDomain) {
                jarsByDomain.put(domain, known);
            }
        }
        return known == NO_JAR ? null : (HeaderIndex) known;
    }

    /**
     * A header read ahead from a jar was not the class the loader defined (the same name earlier on the class path,
     * or in a parent loader): what was decided on it is decided again, and a sweep instruments any closeable
     * that was missed meanwhile.
     */
    private void readAheadWasWrong(String className) {
        synchronized (loaders) {
            for (LoaderTypes types : loaders.values()) {
                types.hierarchy.forget(className);
                types.tracked.clear();
            }
        }
        jdk.hierarchy.forget(className);
        jdk.tracked.clear();
        jdkCloseable.clear();
        deferred.applicationLoaderRan();
    }

    /** @param runtimeImage whether the class is the boot loader's (where the JDK's unwatched classes are) */
    private boolean isInstrumentable(String className, Hierarchy.Header header, Hierarchy hierarchy, Class<?> loaded,
                                     boolean runtimeImage) {
        if (loaded != null) {
            return isInstrumentable(loaded, strict); // being retransformed: the class itself answers, exactly
        }
        if (!strict && Hierarchy.isJdk(className) && ResourceRules.isJdkResourceFreeLeaf(className.replace('/', '.'))) {
            return false;
        }
        if (!hierarchy.isSubtypeOf(header, AUTO_CLOSEABLE)) {
            return false;
        }
        // After the closeable test, so that the many JDK classes that are not closeable never build a dotted name.
        if (runtimeImage && ResourceRules.isUnwatchedJdkClass(className.replace('/', '.'))) {
            return false;
        }
        for (String never : NEVER_TRACKED) {
            if (className.equals(never) || hierarchy.isSubtypeOf(header, never)) { // FileLock is a class itself
                return false;
            }
        }
        return true;
    }

    /** The same decision for a loaded class (and {@link #transform} leaves out synthetic classes and unclosed's). */
    static boolean isInstrumentable(Class<?> c, boolean strict) {
        return !c.isInterface() && AutoCloseable.class.isAssignableFrom(c) && !ResourceRules.isNeverTracked(c)
                && (strict || !ResourceRules.isJdkResourceFreeLeaf(c.getName()))
                && (c.getClassLoader() != null || !ResourceRules.isUnwatchedJdkClass(c.getName()));
    }

    private static String[] internalNames(Set<String> binaryNames) {
        String[] names = new String[binaryNames.size()];
        int i = 0;
        for (String name : binaryNames) {
            names[i++] = name.replace('.', '/');
        }
        return names;
    }

    private static final Module HOOKS_MODULE = dev.unclosed.bootstrap.Hooks.class.getModule();

    /** Classes of the application: neither the JDK's (bootstrap, platform loader) nor unclosed's. */
    private static boolean isApplication(ClassLoader loader) {
        return loader != null && loader != ClassLoader.getPlatformClassLoader();
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /**
     * What instrumenting one class asks about others, asked here so that the answers can be recorded with the
     * instrumented copy and asked again before it is used (see {@link InstrumentedClassFiles}).
     */
    private final class ClassQuestions implements InstrumentedClassFiles.Questions {
        final LoaderTypes types;
        final String className;
        final Module module;
        /** Where answers are recorded; null: not recorded. */
        final InstrumentedClassFiles.Answers answers;
        /** Placeholders for the call sites' ids, made when instrumentation needs the first. */
        SiteIdSlots slots;
        /** After instrumentation: where the ids are in the class file (none: empty). */
        int[] siteIdOffsets;

        ClassQuestions(LoaderTypes types, String className, Module module, InstrumentedClassFiles.Answers answers) {
            this.types = types;
            this.className = className;
            this.module = module;
            this.answers = answers;
        }

        @Override
        public boolean ask(char kind, String name) {
            switch (kind) {
                case InstrumentedClassFiles.Answers.TRACKED:
                    return isTrackedClass(name, types);
                case InstrumentedClassFiles.Answers.CLOSEABLE:
                    return isCloseable(name, types.hierarchy);
                case InstrumentedClassFiles.Answers.ACCESSIBLE:
                    return isAccessible(name);
                default:
                    return false;
            }
        }

        /** Asks, and records the answer. */
        boolean answer(char kind, String name) {
            boolean answer = ask(kind, name);
            return answers == null ? answer : answers.record(kind, name, answer);
        }

        private boolean isAccessible(String internalName) {
            String pkg = packageOf(internalName);
            if (pkg.equals(packageOf(className))) {
                return true;
            }
            Hierarchy.Header header = types.hierarchy.header(internalName);
            // Public in a package of the same named module: accessible whatever the module exports.
            return header != null && (header.access() & Opcodes.ACC_PUBLIC) != 0
                    && module != null && module.isNamed() && module.getPackages().contains(pkg.replace('/', '.'));
        }
    }

    /** @param trackedConstructors in application code, the constructors of tracked classes it calls; else null */
    private byte[] instrument(ClassReader reader, String className, Hierarchy.Header header, ClassQuestions questions,
                              boolean closeable, boolean[] trackedConstructors) {
        return Rewriting.instrument(sites, siteIds, reader, className, header, questions, closeable, trackedConstructors);
    }

    /**
     * The rewriting itself, with ASM's writing side: a class of its own, so that linking the transformer at start
     * does not load ClassWriter and ClassVisitor, which a JVM whose closeables all come ready from the cache never
     * needs.
     */
    private static final class Rewriting {
        private Rewriting() {
        }

        static byte[] instrument(SiteRegistry sites, SiteIdSlots.Ids siteIds, ClassReader reader, String className,
                                 Hierarchy.Header header, ClassQuestions questions, boolean closeable,
                                 boolean[] trackedConstructors) {
            boolean applicationCode = trackedConstructors != null;
            // Only the methods that create a tracked object get their sites marked; the others are copied as they are.
            Set<String> withSites = applicationCode ? TrackedConstructorCalls.methodsCalling(reader, trackedConstructors) : Set.of();
            String internalClose = ResourceRules.internalCloseMethod(className.replace('/', '.'));
            boolean concrete = closeable && !header.isAbstract();
            SiteMarker.Sites marking = sites == null ? null : new SiteMarker.Sites() {
                @Override
                public boolean isTracked(String internalName) {
                    return questions.answer(InstrumentedClassFiles.Answers.TRACKED, internalName);
                }

                @Override
                public int register() {
                    if (questions.slots == null) {
                        questions.slots = new SiteIdSlots(reader);
                    }
                    return questions.slots.placeholder();
                }

                @Override
                public boolean isAccessible(String internalName) {
                    return questions.answer(InstrumentedClassFiles.Answers.ACCESSIBLE, internalName);
                }
            };
            boolean view = ResourceRules.isJdkView(className.replace('/', '.'));
            Set<String> passThrough = concrete ? PassThroughConstructors.of(reader, className) : Set.of();
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
                    if (concrete && name.equals("<init>")) {
                        if (passThrough.contains(descriptor)) {
                            return visitor; // the constructor it passes on to tracks the object
                        }
                        int mark = HookCalls.Constructor.markLocalOf(descriptor);
                        MethodVisitor marked = marking == null ? visitor : new SiteMarker(visitor, marking, applicationCode, mark);
                        return new HookCalls.Constructor(marked, className, descriptor, argumentsOf(descriptor, view, questions));
                    }
                    // A static initializer's objects are held for the JVM's lifetime by design: each keeps its own stack.
                    boolean marksSites = applicationCode && !name.equals("<clinit>") && withSites.contains(name + descriptor);
                    MethodVisitor marked = marksSites ? new SiteMarker(visitor, marking, true, -1) : visitor;
                    if (closeable && (access & Opcodes.ACC_STATIC) == 0 && descriptor.startsWith("()")
                            && (name.equals("close") || name.equals(internalClose))) {
                        return new HookCalls.Close(marked);
                    }
                    return marked;
                }
            }, concrete ? ClassReader.EXPAND_FRAMES : 0); // only constructor hooks change frames (the mark local)
            byte[] result = writer.toByteArray();
            SiteIdSlots slots = questions.slots;
            if (slots == null) {
                questions.siteIdOffsets = NO_SLOTS;
                return result;
            }
            int[] offsets = slots.offsetsIn(result);
            if (offsets == null) {
                throw new IllegalStateException("call site ids not found in the instrumented class"); // never with ASM
            }
            SiteIdSlots.assign(result, offsets, siteIds);
            questions.siteIdOffsets = offsets;
            return result;
        }

        /**
         * Which arguments the tracker needs: those that may be closeables this object takes over or views. For
         * views, {@code Object} parameters count too: the JDK sometimes declares the viewed object that way.
         */
        private static HookCalls.Arguments argumentsOf(String descriptor, boolean view, ClassQuestions questions) {
            Type[] parameters = Type.getArgumentTypes(descriptor);
            int closeables = 0;
            boolean first = false;
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].getSort() != Type.OBJECT) {
                    continue;
                }
                String type = parameters[i].getInternalName();
                if ((view && type.equals("java/lang/Object")) || questions.answer(InstrumentedClassFiles.Answers.CLOSEABLE, type)) {
                    closeables++;
                    first |= i == 0;
                }
            }
            return closeables == 0 ? HookCalls.Arguments.NONE
                    : closeables == 1 && first ? HookCalls.Arguments.FIRST : HookCalls.Arguments.ALL;
        }
    }

    private static final int[] NO_SLOTS = new int[0];

    /** Ids for call sites, from this JVM's registry. */
    private final class SiteIds implements SiteIdSlots.Ids {
        @Override
        public int next() {
            return sites == null ? 0 : sites.register();
        }
    }

    private final SiteIds siteIds = new SiteIds();

    /**
     * Whether a class's constructors track, so that calls of them are worth announcing: a concrete closeable class
     * that this transformer instruments (the same decision as for the class itself), read from headers only.
     */
    private boolean isTrackedClass(String internalName, LoaderTypes types) {
        Map<String, Boolean> cache = Hierarchy.isJdk(internalName) ? jdk.tracked : types.tracked;
        Hierarchy hierarchy = types.hierarchy;
        Boolean known = cache.get(internalName);
        if (known == null) {
            Hierarchy.Header header = hierarchy.header(internalName);
            known = header != null && !header.isInterface() && !header.isAbstract()
                    && (header.access() & Opcodes.ACC_SYNTHETIC) == 0
                    && !AgentPackages.containsInternal(internalName)
                    && isInstrumentable(internalName, header, hierarchy, null, Hierarchy.isJdk(internalName));
            cache.put(internalName, known);
        }
        return known;
    }

    /**
     * Whether a class's constructors track, as the constant pool scan asks it; recorded with a kept copy, as which
     * methods get call sites depends on it.
     */
    private final class TrackedIn implements java.util.function.Predicate<String> {
        private final LoaderTypes types;
        private final InstrumentedClassFiles.Answers answers;

        TrackedIn(LoaderTypes types, InstrumentedClassFiles.Answers answers) {
            this.types = types;
            this.answers = answers;
        }

        @Override
        public boolean test(String internalName) {
            boolean tracked = isTrackedClass(internalName, types);
            return answers == null ? tracked : answers.record(InstrumentedClassFiles.Answers.TRACKED, internalName, tracked);
        }
    }

    private boolean isCloseable(String type, Hierarchy hierarchy) {
        if (!Hierarchy.isJdk(type)) {
            return hierarchy.isSubtypeOf(type, AUTO_CLOSEABLE);
        }
        Boolean known = jdkCloseable.get(type);
        if (known == null) {
            known = jdk.hierarchy.isSubtypeOf(type, AUTO_CLOSEABLE);
            jdkCloseable.put(type, known);
        }
        return known;
    }

    private LoaderTypes typesOf(ClassLoader loader) {
        if (loader == null) {
            return jdk;
        }
        synchronized (loaders) {
            LoaderTypes types = loaders.get(loader);
            if (types == null) {
                boolean many = loadsMany(loader);
                types = new LoaderTypes(new Hierarchy(loader, jdk.hierarchy, headerCache, many), many);
                loaders.put(loader, types);
            }
            return types;
        }
    }

    /**
     * The JDK's class path loaders and URL class loaders (an application server's, Spring Boot's): many classes.
     * Told by class, not by asking for the system class loader, which throws while a custom one is being made; the
     * JDK's first, so that a JVM with no loader of its own does not load URLClassLoader for the question.
     */
    private static boolean loadsMany(ClassLoader loader) {
        return loader.getClass().getName().startsWith("jdk.internal.loader.ClassLoaders$")
                || loader instanceof java.net.URLClassLoader;
    }
}
