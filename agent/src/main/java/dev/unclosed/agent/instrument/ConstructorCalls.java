package dev.unclosed.agent.instrument;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Arrays;

/**
 * Sees every constructor call of a method, and tells a {@code new T(...)} apart from a super or this(...) call:
 * each {@code new T} is paired with its {@code invokespecial T.<init>} through a stack of pending {@code new}
 * types (javac emits them properly nested); an {@code invokespecial <init>} that does not close the pending top
 * is a call on the object under construction.
 */
abstract class ConstructorCalls extends MethodVisitor {

    private String[] pending = new String[8];
    private int depth;

    ConstructorCalls(MethodVisitor delegate) {
        super(Opcodes.ASM9, delegate);
    }

    /** Called right before the {@code invokespecial owner.<init>} is passed on. */
    abstract void constructorCall(String owner, boolean created);

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (opcode == Opcodes.NEW) {
            if (depth == pending.length) {
                pending = Arrays.copyOf(pending, depth * 2);
            }
            pending[depth++] = type;
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name)) {
            boolean created = depth > 0 && pending[depth - 1].equals(owner);
            if (created) {
                pending[--depth] = null;
            }
            constructorCall(owner, created);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }
}
