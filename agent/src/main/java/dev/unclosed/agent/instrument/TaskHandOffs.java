package dev.unclosed.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Makes the JDK's executors carry the running test from the thread that submits a task to the pooled thread that
 * runs it (see {@code tracking.RunningTests}): a task is recorded with the submitting thread's test when it is made
 * ({@code FutureTask} and {@code ForkJoinTask} constructors, which {@code submit}, {@code CompletableFuture}'s async
 * methods and a ForkJoinPool's {@code execute} all go through) or handed over ({@code ThreadPoolExecutor.execute} of a
 * plain Runnable), and runs in it ({@code ThreadPoolExecutor.runWorker}'s {@code task.run()}, {@code
 * ForkJoinTask.doExec}).
 *
 * <p>Only method bodies change, with single static calls into {@code dev.unclosed.bootstrap.TestScopes}, so the
 * classes, loaded long before, can be retransformed. This is installed when the first test starts, never in a JVM
 * that runs no tests.
 */
public final class TaskHandOffs implements ClassFileTransformer {

    private static final String SCOPES = "dev/unclosed/bootstrap/TestScopes";
    private static final String THREAD_POOL_EXECUTOR = "java/util/concurrent/ThreadPoolExecutor";
    private static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    private static final String FORK_JOIN_TASK = "java/util/concurrent/ForkJoinTask";

    private final Consumer<String> errors;

    private TaskHandOffs(Consumer<String> errors) {
        this.errors = errors;
    }

    /** Instruments the executors; a failure is recorded through {@code errors}, tests then go unattributed in pools. */
    public static void install(Instrumentation instrumentation, Consumer<String> errors) {
        TaskHandOffs transformer = new TaskHandOffs(errors);
        instrumentation.addTransformer(transformer, true);
        try {
            instrumentation.retransformClasses(ThreadPoolExecutor.class, FutureTask.class, ForkJoinTask.class);
        } catch (Throwable t) {
            errors.accept("could not carry tests into executors: " + t);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || className == null
                || !(className.equals(THREAD_POOL_EXECUTOR) || className.equals(FUTURE_TASK) || className.equals(FORK_JOIN_TASK))) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(reader, 0);
            int[] changed = new int[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (name.equals("<init>") && !className.equals(THREAD_POOL_EXECUTOR)) {
                        changed[0]++;
                        return new SubmittedOnReturn(visitor);
                    }
                    if (className.equals(THREAD_POOL_EXECUTOR) && name.equals("execute")
                            && descriptor.equals("(Ljava/lang/Runnable;)V")) {
                        changed[0]++;
                        return new SubmittedOnEntry(visitor);
                    }
                    if (className.equals(THREAD_POOL_EXECUTOR) && name.equals("runWorker")) {
                        changed[0]++;
                        return new RunInScope(visitor);
                    }
                    if (className.equals(FORK_JOIN_TASK) && name.equals("doExec") && descriptor.startsWith("()")) {
                        changed[0]++;
                        return new ExecInScope(visitor);
                    }
                    return visitor;
                }
            }, 0);
            if (changed[0] == 0) {
                errors.accept("found nothing to carry tests through in " + className);
                return null;
            }
            return writer.toByteArray();
        } catch (Throwable t) {
            errors.accept("could not carry tests through " + className + ": " + t);
            return null;
        }
    }

    /**
     * The one call these visitors add: {@code TestScopes.method(local)}, a single static call on one object, so the
     * stack grows by one at most.
     */
    private abstract static class ScopesCall extends MethodVisitor {
        ScopesCall(MethodVisitor delegate) {
            super(Opcodes.ASM9, delegate);
        }

        final void callScopes(String method, int local) {
            super.visitVarInsn(Opcodes.ALOAD, local);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SCOPES, method, "(Ljava/lang/Object;)V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }

    /** At each normal return of a task's constructor: {@code TestScopes.submitted(this)}. */
    private static final class SubmittedOnReturn extends ScopesCall {
        SubmittedOnReturn(MethodVisitor delegate) {
            super(delegate);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                callScopes("submitted", 0);
            }
            super.visitInsn(opcode);
        }
    }

    /** First in {@code execute(Runnable)}: {@code TestScopes.submitted(command)}. */
    private static final class SubmittedOnEntry extends ScopesCall {
        SubmittedOnEntry(MethodVisitor delegate) {
            super(delegate);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            callScopes("submitted", 1);
        }
    }

    /** In {@code runWorker}: {@code task.run()} becomes {@code TestScopes.run(task)}, which wraps it. */
    private static final class RunInScope extends MethodVisitor {
        RunInScope(MethodVisitor delegate) {
            super(Opcodes.ASM9, delegate);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKEINTERFACE && owner.equals("java/lang/Runnable") && name.equals("run")
                    && descriptor.equals("()V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SCOPES, "run", "(Ljava/lang/Runnable;)V", false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    /**
     * {@code doExec}: {@code TestScopes.taskStarting(this)} first, {@code TestScopes.taskDone(this)} before each return.
     * It catches what the task throws itself, so no handler is added; should anything escape, the next task on the
     * thread sets its own scope and the frame left behind is dropped.
     */
    private static final class ExecInScope extends ScopesCall {
        ExecInScope(MethodVisitor delegate) {
            super(delegate);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            callScopes("taskStarting", 0);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                callScopes("taskDone", 0);
            }
            super.visitInsn(opcode);
        }
    }
}
