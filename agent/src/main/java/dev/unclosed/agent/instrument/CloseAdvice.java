package dev.unclosed.agent.instrument;

import dev.unclosed.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code close()}. Marking on entry counts a close that throws half-way as a close:
 * the JDK's closeables release their descriptor in {@code finally} blocks, and the caller did try.
 */
final class CloseAdvice {

    private CloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object self) {
        Hooks.closing(self);
    }
}
