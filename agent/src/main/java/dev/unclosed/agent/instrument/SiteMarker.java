package dev.unclosed.agent.instrument;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;


/**
 * Announces, right before a tracked class's constructor is called, where the object comes from, so that the
 * objects of one call site can share one allocation stack (see {@code SiteRegistry}):
 * <ul>
 * <li>in application code, {@code new T(...)} gets {@code Hooks.site(id, T.class)}, a fresh id per call site;</li>
 * <li>in a tracked class's constructor, its super or this(...) call, and in JDK code its {@code new T(...)} and
 *     calls of factories returning a tracked class, get {@code Hooks.nestedSite(mark, T.class)}: the enclosing
 *     construction's site carries over to the object it builds for itself.</li>
 * </ul>
 * The announcement goes right before the {@code invokespecial}, once the arguments are evaluated (they may create
 * closeables of their own), and names the class, so the tracker pairs it only with that class's constructor. No
 * branch or local is added; the stack grows by three at most.
 *
 * <p>{@link ConstructorCalls} tells {@code new T(...)} apart from super and this(...) calls.
 */
final class SiteMarker extends ConstructorCalls {

    /** What the marker needs to know about classes and sites. */
    interface Sites {
        /** Whether the class (internal name) is one whose constructors track. */
        boolean isTracked(String internalName);

        /** A new site id for application code, or 0 if none can be had. */
        int register();

        /**
         * Whether the code being marked may name the class (internal name) in a class constant. A class it creates
         * or extends it may; a class a factory returns, only when it is accessible from here (or {@code ldc} would
         * throw IllegalAccessError).
         */
        boolean isAccessible(String internalName);
    }

    private final Sites sites;
    private final boolean applicationCode;
    /** The local holding the enclosing tracked constructor's mark; -1 outside such a constructor. */
    private final int enclosingMark;
    private boolean marked;

    SiteMarker(MethodVisitor delegate, Sites sites, boolean applicationCode, int enclosingMark) {
        super(delegate);
        this.sites = sites;
        this.applicationCode = applicationCode;
        this.enclosingMark = enclosingMark;
    }

    @Override
    void constructorCall(String owner, boolean created) {
        if (sites.isTracked(owner)) {
            if (created && applicationCode) {
                announceSite(owner);
            } else {
                announceNested(owner);
            }
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKESTATIC && !applicationCode) {
            Type returned = Type.getReturnType(descriptor);
            if (returned.getSort() == Type.OBJECT && sites.isTracked(returned.getInternalName())
                    && sites.isAccessible(returned.getInternalName())) {
                announceNested(returned.getInternalName());
            }
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    private void announceSite(String created) {
        int id = sites.register();
        if (id > 0) {
            super.visitLdcInsn(id);
            super.visitLdcInsn(Type.getObjectType(created));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HookCalls.HOOKS, "site", "(ILjava/lang/Class;)V", false);
            marked = true;
        }
    }

    private void announceNested(String created) {
        if (enclosingMark >= 0) {
            super.visitVarInsn(Opcodes.LLOAD, enclosingMark);
            super.visitLdcInsn(Type.getObjectType(created));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HookCalls.HOOKS, "nestedSite", "(JLjava/lang/Class;)V", false);
            marked = true;
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(marked ? maxStack + 3 : maxStack, maxLocals);
    }
}
