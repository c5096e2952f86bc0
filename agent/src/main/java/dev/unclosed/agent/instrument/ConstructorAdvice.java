package dev.unclosed.agent.instrument;

import dev.unclosed.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the constructors of closeable classes, the JDK's included, so it may reference nothing but
 * {@link Hooks}. One line each into the tracker; {@code suppress} keeps any failure away from the application.
 * Exit advice does not run when a constructor throws, so an object that was never built is never tracked.
 */
final class ConstructorAdvice {

    private ConstructorAdvice() {
    }

    /** For constructors without closeable parameters. */
    static final class Plain {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return Hooks.constructorEntered();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Origin Class<?> declaringClass, @Advice.Enter long mark) {
            Hooks.constructed(self, declaringClass, mark);
        }
    }

    /** For constructors whose only closeable parameter is the first: the wrapped stream, the viewed channel. */
    static final class FirstArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return Hooks.constructorEntered();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Origin Class<?> declaringClass, @Advice.Enter long mark,
                         @Advice.Argument(0) Object argument) {
            Hooks.constructedWith(self, declaringClass, mark, argument);
        }
    }

    /** For constructors with closeable parameters elsewhere: the only ones that pay for an argument array. */
    static final class AllArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return Hooks.constructorEntered();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Origin Class<?> declaringClass, @Advice.Enter long mark,
                         @Advice.AllArguments Object[] arguments) {
            Hooks.constructedWithAll(self, declaringClass, mark, arguments);
        }
    }
}
