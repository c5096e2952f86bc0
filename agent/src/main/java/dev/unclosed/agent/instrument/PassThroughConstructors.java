package dev.unclosed.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Finds the constructors that only pass their parameters (and constants) on to another constructor of their class
 * with this(...), and do nothing else: {@code BufferedReader(Reader in) { this(in, 8192); }}. Nothing can be
 * created between entering one and entering the other, so the constructor called tracks exactly what hooks in the
 * caller would have; the caller needs none (three hook calls fewer for every such object). A constructor that
 * computes its arguments ({@code Scanner(File)} opens a stream for this(...)) is not one of them.
 */
final class PassThroughConstructors {

    private PassThroughConstructors() {
    }

    /** The descriptors of the pass-through constructors of {@code className}. */
    static Set<String> of(ClassReader reader, String className) {
        Set<String> found = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return name.equals("<init>") ? new Scan(className, descriptor, found) : null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }

    /**
     * Loads, constants and the class's own static fields, then {@code invokespecial ThisClass.<init>}, then
     * {@code return}: nothing else.
     */
    private static final class Scan extends MethodVisitor {
        private static final int ARGUMENTS = 0;
        private static final int CALLED = 1;
        private static final int RETURNED = 2;
        private static final int OTHER = 3;

        private final String className;
        private final String descriptor;
        private final Set<String> found;
        private int state = ARGUMENTS;

        Scan(String className, String descriptor, Set<String> found) {
            super(Opcodes.ASM9);
            this.className = className;
            this.descriptor = descriptor;
            this.found = found;
        }

        private void other() {
            state = OTHER;
        }

        @Override
        public void visitInsn(int opcode) {
            if (state == ARGUMENTS && opcode >= Opcodes.ACONST_NULL && opcode <= Opcodes.DCONST_1) {
                return;
            }
            state = state == CALLED && opcode == Opcodes.RETURN ? RETURNED : OTHER;
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (state != ARGUMENTS || opcode == Opcodes.NEWARRAY) {
                other();
            }
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            if (state != ARGUMENTS || opcode < Opcodes.ILOAD || opcode > Opcodes.ALOAD) {
                other();
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            // A dynamic constant runs code of its own.
            if (state != ARGUMENTS || value instanceof ConstantDynamic) {
                other();
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            state = state == ARGUMENTS && opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && owner.equals(className)
                    ? CALLED : OTHER;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            other();
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            // Its own class's static fields: the class is initialized already, reading one runs nothing.
            if (state != ARGUMENTS || opcode != Opcodes.GETSTATIC || !owner.equals(className)) {
                other();
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            other();
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            other();
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            other();
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            other();
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            other();
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dimensions) {
            other();
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            other();
        }

        @Override
        public void visitEnd() {
            if (state == RETURNED) {
                found.add(descriptor);
            }
        }
    }
}
