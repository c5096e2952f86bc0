package dev.unclosed.scenarios;

/**
 * Prints those of the class names given that are closeable on the JDK it runs on, or unknown to it (each on a line
 * of its own): some names of one JDK do not exist in another.
 */
public class CloseableClassNames {

    public static void main(String[] args) {
        for (String name : args) {
            try {
                if (AutoCloseable.class.isAssignableFrom(Class.forName(name, false, ClassLoader.getPlatformClassLoader()))) {
                    System.out.println(name);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                System.out.println(name + " (unknown)");
            }
        }
    }
}
