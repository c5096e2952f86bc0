package dev.unclosed.agent.instrument;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * The calls into {@code dev.unclosed.bootstrap.Hooks} that instrumented methods make, and nothing else: each is
 * a single static call that cannot throw (the hooks guard themselves), so no handler, branch or stack map frame
 * is ever added to the application's code.
 */
final class HookCalls {

    static final String HOOKS = "dev/unclosed/bootstrap/Hooks";

    private HookCalls() {
    }

    /** At the start of {@code close()}: {@code Hooks.closing(this)}. */
    static final class Close extends MethodVisitor {
        Close(MethodVisitor delegate) {
            super(Opcodes.ASM9, delegate);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "closing", "(Ljava/lang/Object;)V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }

    /** Which arguments a constructor hands to the tracker: those that may be closeables it takes over. */
    enum Arguments { NONE, FIRST, ALL }

    /**
     * In a constructor: {@code long mark = Hooks.constructorEntered(ThisClass.class)} first, and before every normal return
     * {@code Hooks.constructed(this, ThisClass.class, mark, ...)}. A constructor that throws reports nothing: an
     * object never built is never tracked. The mark takes the two local slots right after the parameters and the
     * constructor's own locals move up by two (frames included), since the number of locals is only known at the end.
     */
    static final class Constructor extends MethodVisitor {
        private final Type owner;
        private final Type[] parameters;
        private final Arguments arguments;
        /** Slots of this and the parameters; the mark lives right after them. */
        private final int markLocal;

        Constructor(MethodVisitor delegate, String owner, String descriptor, Arguments arguments) {
            super(Opcodes.ASM9, delegate);
            this.owner = Type.getObjectType(owner);
            this.parameters = Type.getArgumentTypes(descriptor);
            this.arguments = arguments;
            this.markLocal = markLocalOf(descriptor);
        }

        /** The local slot of the mark in a constructor with this descriptor, for other instrumentation of it. */
        static int markLocalOf(String descriptor) {
            return Type.getArgumentsAndReturnSizes(descriptor) >> 2; // includes this
        }

        private int moved(int local) {
            return local < markLocal ? local : local + 2;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitLdcInsn(owner);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "constructorEntered", "(Ljava/lang/Class;)J", false);
            super.visitVarInsn(Opcodes.LSTORE, markLocal);
        }

        @Override
        public void visitVarInsn(int opcode, int local) {
            super.visitVarInsn(opcode, moved(local));
        }

        @Override
        public void visitIincInsn(int local, int increment) {
            super.visitIincInsn(moved(local), increment);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
            super.visitLocalVariable(name, descriptor, signature, start, end, moved(index));
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                              int[] index, String descriptor, boolean visible) {
            int[] movedIndex = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                movedIndex[i] = moved(index[i]);
            }
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedIndex, descriptor, visible);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitLdcInsn(owner);
                super.visitVarInsn(Opcodes.LLOAD, markLocal);
                switch (arguments) {
                    case NONE -> super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "constructed",
                            "(Ljava/lang/Object;Ljava/lang/Class;J)V", false);
                    case FIRST -> {
                        super.visitVarInsn(Opcodes.ALOAD, 1);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "constructedWith",
                                "(Ljava/lang/Object;Ljava/lang/Class;JLjava/lang/Object;)V", false);
                    }
                    case ALL -> {
                        pushReferenceArguments();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "constructedWithAll",
                                "(Ljava/lang/Object;Ljava/lang/Class;J[Ljava/lang/Object;)V", false);
                    }
                }
            }
            super.visitInsn(opcode);
        }

        /** An {@code Object[]} of the arguments, primitives left null: only objects can be closeables. */
        private void pushReferenceArguments() {
            push(parameters.length);
            super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = 1;
            for (int i = 0; i < parameters.length; i++) {
                int sort = parameters[i].getSort();
                if (sort == Type.OBJECT || sort == Type.ARRAY) {
                    super.visitInsn(Opcodes.DUP);
                    push(i);
                    super.visitVarInsn(Opcodes.ALOAD, slot);
                    super.visitInsn(Opcodes.AASTORE);
                }
                slot += parameters[i].getSize();
            }
        }

        private void push(int value) {
            if (value <= 5) {
                super.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value <= Byte.MAX_VALUE) {
                super.visitIntInsn(Opcodes.BIPUSH, value);
            } else {
                super.visitIntInsn(Opcodes.SIPUSH, value);
            }
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            // Expanded frames (F_NEW) list every local: the mark goes in right after the parameters' entries.
            Object[] locals = new Object[numLocal + markLocal + 1];
            int n = 0;
            int slots = 0;
            int i = 0;
            for (; i < numLocal && slots < markLocal; i++) {
                locals[n++] = local[i];
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < markLocal; slots++) {
                locals[n++] = Opcodes.TOP;
            }
            locals[n++] = Opcodes.LONG;
            for (; i < numLocal; i++) {
                locals[n++] = local[i];
            }
            super.visitFrame(type, n, locals, numStack, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // this, class, mark (2), array, array, index, value: 8 more at most, whatever a return leaves on the stack.
            super.visitMaxs(maxStack + 8, Math.max(maxLocals, markLocal) + 2);
        }
    }
}
