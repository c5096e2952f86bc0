package dev.unclosed.agent.instrument;

import dev.unclosed.agent.AgentPackages;
import dev.unclosed.agent.tracking.ResourceRules;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.BaseStream;
import java.util.concurrent.atomic.LongAdder;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Instruments the constructors and {@code close()} of every class that implements {@code AutoCloseable}: the
 * application's as they load, and the JDK's already loaded through retransformation.
 *
 * <p>Types are described from class files (a type pool), not by loading them, so that instrumenting one class
 * never loads another in the middle of a transformation, where Byte Buddy's circularity guard would skip it for
 * good (seen with {@code java.net.Socket} on Java 25). A sweep after installation retransforms any loaded
 * closeable that still escaped. (Byte Buddy's immediate resubmission is not used: it defers the transformation of
 * every class to a background thread, so the first instances of a class loaded at run time went unseen.)
 */
public final class CloseableInstrumentation {

    private final Instrumentation instrumentation;
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final LongAdder errors = new LongAdder();
    private final boolean debug;
    private final boolean strict;

    public CloseableInstrumentation(Instrumentation instrumentation, boolean debug, boolean strict) {
        this.instrumentation = instrumentation;
        this.debug = debug;
        this.strict = strict;
    }

    public ResettableClassFileTransformer install() {
        ResettableClassFileTransformer transformer = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(new Listener())
                .ignore(CloseableInstrumentation::isIgnored)
                .type(this::isInstrumentable)
                .transform(CloseableInstrumentation::instrument)
                .installOn(instrumentation);
        retransformMissed();
        return transformer;
    }

    /** Closeable by interface only, these hold nothing: stream pipelines and executors (Java 19+). */
    private static final ElementMatcher<TypeDescription> NEVER_TRACKED =
            isSubTypeOf(BaseStream.class).or(isSubTypeOf(ExecutorService.class));

    /** unclosed's own classes, synthetic ones, and types that are closeable in name only. */
    private static boolean isIgnored(TypeDescription type) {
        if (AgentPackages.contains(type.getName()) || type.isSynthetic()) {
            return true;
        }
        try {
            return NEVER_TRACKED.matches(type);
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** Concrete or abstract classes (not interfaces) that implement AutoCloseable. */
    private boolean isInstrumentable(TypeDescription type, ClassLoader loader, JavaModule module,
                                     Class<?> classBeingRedefined, java.security.ProtectionDomain domain) {
        if (isInterface().matches(type) || type.isArray() || type.isPrimitive() || isLeftAlone(type.getName())) {
            return false;
        }
        return isCloseable(type);
    }

    /**
     * JDK classes that never hold or own a resource are not instrumented at all unless {@code strict} reports them:
     * in-memory streams are churned in hot loops, and their subclasses are instrumented on their own.
     */
    private boolean isLeftAlone(String className) {
        return !strict && ResourceRules.isJdkResourceFreeLeaf(className);
    }

    /** Resolving supertypes can fail for a class whose dependencies are missing: then it is simply not ours. */
    static boolean isCloseable(TypeDefinition type) {
        try {
            return type.asErasure().isAssignableTo(AutoCloseable.class);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Built once: each reads its advice class's bytes, which is too slow to repeat for every class transformed. */
    private static final Advice CLOSE = Advice.to(CloseAdvice.class);
    private static final Advice PLAIN_CONSTRUCTOR = Advice.to(ConstructorAdvice.Plain.class);
    private static final Advice FIRST_ARGUMENT_CONSTRUCTOR = Advice.to(ConstructorAdvice.FirstArgument.class);
    private static final Advice ALL_ARGUMENTS_CONSTRUCTOR = Advice.to(ConstructorAdvice.AllArguments.class);

    private static DynamicType.Builder<?> instrument(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                                     JavaModule module, java.security.ProtectionDomain domain) {
        String internalClose = ResourceRules.internalCloseMethod(type.getName());
        ElementMatcher.Junction<MethodDescription> closeMethods = internalClose == null
                ? named("close") : named("close").or(named(internalClose));
        DynamicType.Builder<?> result = builder.visit(CLOSE.on(closeMethods.and(takesNoArguments()).and(not(isAbstract()))));
        if (!type.isAbstract()) {
            boolean view = ResourceRules.isJdkView(type.getName());
            // Only the most derived constructor tracks, so abstract classes' constructors never need advice.
            result = result
                    .visit(PLAIN_CONSTRUCTOR.on(isConstructor().and(closeableParameters(Shape.NONE, view))))
                    .visit(FIRST_ARGUMENT_CONSTRUCTOR.on(isConstructor().and(closeableParameters(Shape.FIRST_ONLY, view))))
                    .visit(ALL_ARGUMENTS_CONSTRUCTOR.on(isConstructor().and(closeableParameters(Shape.OTHER, view))));
        }
        return result;
    }

    private enum Shape { NONE, FIRST_ONLY, OTHER }

    /**
     * Matches constructors by where their closeable parameters are, so each gets the cheapest advice. For views,
     * {@code Object} parameters count too: the JDK sometimes declares the viewed object that way.
     */
    private static ElementMatcher<MethodDescription> closeableParameters(Shape shape, boolean view) {
        return method -> {
            var parameters = method.getParameters().asTypeList().asErasures();
            int closeables = 0;
            boolean first = false;
            for (int i = 0; i < parameters.size(); i++) {
                TypeDescription p = parameters.get(i);
                if (!p.isPrimitive() && !p.isArray() && (isCloseable(p) || (view && p.represents(Object.class)))) {
                    closeables++;
                    first |= i == 0;
                }
            }
            Shape actual = closeables == 0 ? Shape.NONE : closeables == 1 && first ? Shape.FIRST_ONLY : Shape.OTHER;
            return actual == shape;
        };
    }

    /**
     * Retransforms loaded closeable classes that no transformation reached. The JVM loads some classes while the
     * agent starts, in an order that differs between Java versions; none of them may escape.
     */
    private void retransformMissed() {
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.isInterface() || c.isArray() || c.isPrimitive() || !AutoCloseable.class.isAssignableFrom(c)
                    || AgentPackages.contains(c.getName()) || !instrumentation.isModifiableClass(c)
                    || BaseStream.class.isAssignableFrom(c) || ExecutorService.class.isAssignableFrom(c)
                    || isLeftAlone(c.getName())
                    || c.isSynthetic() || c.isHidden()) {
                continue;
            }
            if (!transformed.contains(c.getName())) {
                missed.add(c);
            }
        }
        if (missed.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(missed.toArray(new Class<?>[0]));
        } catch (Throwable t) {
            recordError("retransforming " + missed + ": " + t);
        }
    }

    /** Names of the classes instrumented so far, for tests and diagnostics. */
    public Set<String> transformedClasses() {
        return Set.copyOf(transformed);
    }

    public long errors() {
        return errors.sum();
    }

    private void recordError(String message) {
        errors.increment();
        if (debug) {
            System.err.println("unclosed: " + message);
        }
    }

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            transformed.add(type.getName());
            if (debug) {
                System.err.println("unclosed: instrumented " + type.getName());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            recordError("could not instrument " + typeName + ": " + throwable);
        }
    }
}
