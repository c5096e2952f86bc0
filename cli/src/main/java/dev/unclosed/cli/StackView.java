package dev.unclosed.cli;

import dev.unclosed.report.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of an allocation stack a person needs: the site and the application's frames around it, out to the
 * test method or {@code main}. Runs of JDK and test-runner frames become one {@code ... N JDK frames} (or
 * {@code ... N frames}) line: five {@code ZipFile.<init>} frames, or the 27 frames of Surefire and JUnit under a
 * test method, would otherwise push the user's own line out of sight.
 */
final class StackView {

    /** Application frames shown beyond the site, so a deep call chain stays short in a CI log. */
    static final int CALLERS_SHOWN = 8;

    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /**
     * The packages of the JDK's modules other than java.*: a report names no modules, so a javax or com.sun package
     * is the JDK's when this JVM's runtime has it, and else a library's (javax.jms, com.sun.mail), whose frames show.
     */
    private static final Set<String> JDK_PACKAGES = jdkPackages();
    private static final String[] RUNNERS = {"org.junit.", "junit.", "org.opentest4j.", "org.apache.maven.surefire.",
            "org.gradle.", "org.testng.", "worker.org.gradle.", "com.intellij.rt.", "org.eclipse.jdt.internal.junit"};

    private StackView() {
    }

    /** {@code at ...} lines and fold lines for {@code stack}, innermost first, whose site is {@code site} (may be null). */
    static List<String> lines(List<Frame> stack, Frame site) {
        boolean[] shown = shown(stack, site);
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < stack.size()) {
            if (shown[i]) {
                lines.add("at " + stack.get(i));
                i++;
                continue;
            }
            int start = i;
            boolean allJdk = true;
            while (i < stack.size() && !shown[i]) {
                allJdk &= jdk(stack.get(i).className());
                i++;
            }
            int n = i - start;
            lines.add(foldText(n, allJdk));
        }
        return lines;
    }

    /** {@code ... 5 JDK frames}: what stands for a run of {@code n} folded frames. */
    static String foldText(int n, boolean allJdk) {
        return "... " + n + (allJdk ? " JDK frame" : " frame") + (n == 1 ? "" : "s");
    }

    /** Which frames of {@code stack} are shown (the others are folded), by the rules above; shared with the HTML page. */
    static boolean[] shown(List<Frame> stack, Frame site) {
        if (stack.isEmpty()) {
            return new boolean[0];
        }
        int siteIndex = site == null ? -1 : stack.indexOf(site);
        if (siteIndex < 0) {
            siteIndex = firstApplicationFrame(stack);
        }
        // The frames shown: the site, every application frame inside it, and its callers out to the entry point.
        boolean[] shown = new boolean[stack.size()];
        for (int i = 0; i < siteIndex; i++) {
            shown[i] = !folded(stack.get(i));
        }
        shown[siteIndex] = true;
        int callers = 0;
        for (int i = siteIndex; i < stack.size(); i++) {
            Frame frame = stack.get(i);
            if (i > siteIndex && !folded(frame)) {
                if (++callers > CALLERS_SHOWN) {
                    break;
                }
                shown[i] = true;
            }
            if (entryPoint(stack, i)) {
                break;
            }
        }
        return shown;
    }

    /** Whether {@code className} belongs to the JDK. */
    static boolean jdk(String className) {
        if (className.startsWith("java.")) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return startsWithAny(className, JDK) && dot > 0 && JDK_PACKAGES.contains(className.substring(0, dot));
    }

    private static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getClassLoader() == null || module.getClassLoader() == ClassLoader.getPlatformClassLoader()) {
                packages.addAll(module.getPackages());
            }
        }
        return packages;
    }

    /** Whether a frame is the JDK's or a test runner's: folded unless it is the site. */
    static boolean folded(Frame frame) {
        return jdk(frame.className()) || startsWithAny(frame.className(), RUNNERS);
    }

    /** {@code main}, or a method called by reflection or a test runner (a test method): the caller's chain ends there. */
    private static boolean entryPoint(List<Frame> stack, int i) {
        Frame frame = stack.get(i);
        if (folded(frame)) {
            return false;
        }
        if (frame.methodName().equals("main")) {
            return true;
        }
        return i + 1 < stack.size() && folded(stack.get(i + 1))
                && (stack.get(i + 1).className().startsWith("jdk.internal.reflect.")
                || stack.get(i + 1).className().startsWith("java.lang.reflect.")
                || startsWithAny(stack.get(i + 1).className(), RUNNERS));
    }

    private static int firstApplicationFrame(List<Frame> stack) {
        for (int i = 0; i < stack.size(); i++) {
            if (!folded(stack.get(i))) {
                return i;
            }
        }
        return 0;
    }

    private static boolean startsWithAny(String className, String[] prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
