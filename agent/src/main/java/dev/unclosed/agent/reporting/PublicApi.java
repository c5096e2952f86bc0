package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import dev.unclosed.report.LeakApi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What a user called to get an object of an internal JDK class: {@code sun.nio.fs.UnixSecureDirectoryStream} means
 * little to someone who wrote {@code Files.newDirectoryStream}. The call is the frame just inside the site (the
 * application's call into the JDK); the type, what that public method declares it returns, or else the nearest
 * public, exported supertype that is closeable.
 *
 * <p>Runs once per new finding, never on the constructor or close path; any failure means no API, not an error.
 */
final class PublicApi {

    private PublicApi() {
    }

    /** The public call and type for a finding of {@code type} at {@code site} with {@code stack}; null when {@code type} is public. */
    static LeakApi of(Class<?> type, List<Frame> stack, Frame site) {
        try {
            if (site == null || !type.getModule().isNamed() || isPublicApi(type)) {
                return null;
            }
            int siteIndex = stack.indexOf(site);
            if (siteIndex <= 0) {
                return null;
            }
            Frame call = stack.get(siteIndex - 1);
            if (!isJdkApiPackage(call.className()) || call.methodName().startsWith("<")) {
                return null;
            }
            Class<?> owner = Class.forName(call.className(), false, ClassLoader.getPlatformClassLoader());
            if (!isPublicApi(owner)) {
                return null;
            }
            Class<?> declared = declaredReturnType(owner, call.methodName(), type);
            Class<?> publicType = declared != null ? declared : publicSupertype(type);
            return new LeakApi(owner.getName() + "." + call.methodName(), publicType == null ? null : publicType.getName());
        } catch (Throwable t) {
            // Reflection on a class of the JDK can fail in ways not worth a report error (a module, a linkage error).
            return null;
        }
    }

    private static boolean isJdkApiPackage(String className) {
        return className.startsWith("java.") || className.startsWith("javax.");
    }

    /** Public, in a package its module exports to everyone, with every enclosing class public too. */
    static boolean isPublicApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return type.getModule().isExported(type.getPackageName());
    }

    /** The most specific return type among the public methods so named that fits {@code type}; null if none does. */
    private static Class<?> declaredReturnType(Class<?> owner, String name, Class<?> type) {
        Class<?> best = null;
        for (Method method : owner.getMethods()) {
            Class<?> returned = method.getReturnType();
            if (method.getName().equals(name) && returned != Object.class && returned.isAssignableFrom(type)
                    && isPublicApi(returned) && (best == null || best.isAssignableFrom(returned))) {
                best = returned;
            }
        }
        return best;
    }

    /** The nearest public, exported, closeable supertype, superclasses before interfaces at each step. */
    private static Class<?> publicSupertype(Class<?> type) {
        ArrayDeque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (c != type && isPublicApi(c) && AutoCloseable.class.isAssignableFrom(c)
                    && c != AutoCloseable.class && c != java.io.Closeable.class) {
                return c;
            }
            if (c.getSuperclass() != null && c.getSuperclass() != Object.class) {
                queue.add(c.getSuperclass());
            }
            for (Class<?> i : c.getInterfaces()) {
                queue.add(i);
            }
        }
        return null;
    }
}
