package dev.unclosed.agent;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the application's classes from the libraries it calls, so that a leak's site is the application's line
 * (the caller of {@code DriverManager.getConnection}), not the line inside the driver that created the object.
 * A class loaded from a jar is a library's; one loaded from a directory ({@code target/classes},
 * {@code target/test-classes}) is the application's, and so is one from the main jar of {@code java -jar}, one from
 * the jar that holds the main class of {@code java -cp ... Main} (an application's own jar, a benchmark jar), or one
 * named by the {@code application} option. A class whose origin is unknown (no code source: generated, or
 * defined by a loader that names none) counts as the application's, so it keeps the site it would have had.
 */
public final class ApplicationCode {

    private final AgentOptions options;
    /** The jar run with {@code java -jar}, as the class path names it (canonical); null otherwise. */
    private final String mainJar;
    /** The main class of {@code java -cp ... Main} (internal name, with slashes); null otherwise, or once seen. */
    private volatile String mainClass;
    /** Whether classes from a code source location are a library's, by location. */
    private final Map<String, Boolean> libraryLocations = new ConcurrentHashMap<>();

    ApplicationCode(AgentOptions options, String mainJar) {
        this(options, mainJar, null);
    }

    ApplicationCode(AgentOptions options, String mainJar, String mainClass) {
        this.options = options;
        this.mainJar = mainJar;
        this.mainClass = mainClass == null ? null : mainClass.replace('.', '/');
    }

    /**
     * Told of every class as it loads: when the main class of {@code java -cp ... Main} loads (before the other
     * classes of its jar), its jar becomes the application's.
     */
    public void loading(String internalName, ProtectionDomain domain) {
        String main = mainClass;
        if (main != null && main.equals(internalName)) {
            mainClass = null;
            CodeSource source = domain == null ? null : domain.getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location != null) {
                libraryLocations.put(location.toString(), Boolean.FALSE);
                last = null;
            }
        }
    }

    /** For this JVM: its options, and its main jar if it was started with {@code java -jar}, else its main class. */
    public static ApplicationCode of(AgentOptions options) {
        String command = System.getProperty("sun.java.command");
        String mainJar = mainJar(command, System.getProperty("java.class.path"));
        return new ApplicationCode(options, mainJar, mainJar == null ? mainClass(command) : null);
    }

    /** The main class the launcher's command names first, or null (none, or a jar, or a module's). */
    static String mainClass(String command) {
        if (command == null || command.isBlank()) {
            return null;
        }
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        return first.endsWith(".jar") || first.contains("/") || first.contains(File.separator) ? null : first;
    }

    /**
     * The main jar, canonical as the class path's URL of it is: with {@code java -jar}, the class path is that jar
     * alone and the launcher's command starts with it; with {@code -cp}, the command is the main class.
     */
    static String mainJar(String command, String classPath) {
        if (command == null || classPath == null || classPath.isEmpty() || classPath.contains(File.pathSeparator)
                || !command.startsWith(classPath)
                || (command.length() > classPath.length() && command.charAt(classPath.length()) != ' ')) {
            return null;
        }
        try {
            return new File(classPath).getCanonicalPath();
        } catch (IOException | SecurityException e) {
            return new File(classPath).getAbsolutePath();
        }
    }

    /** Whether code of {@code className} (binary name), loaded from {@code domain}, is a library's. */
    public boolean isLibrary(String className, ProtectionDomain domain) {
        return !options.namesApplicationClass(className) && isLibraryLocation(domain);
    }

    /**
     * As {@link #isLibrary}, for a class named as the JVM names it while loading it (with slashes): asked for every
     * class that loads, and the name is turned into a binary name only when the {@code application} option names
     * classes at all.
     */
    public boolean isLibraryClass(String internalName, ProtectionDomain domain) {
        return (!options.namesApplicationClasses() || !options.namesApplicationClass(internalName.replace('/', '.')))
                && isLibraryLocation(domain);
    }

    private boolean isLibraryLocation(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return false;
        }
        // A loader hands every class of a jar the same location: the last one answers most classes without
        // turning the URL into a string.
        LastLocation seen = last;
        if (seen != null && seen.location == location) {
            return seen.library;
        }
        String key = location.toString();
        Boolean library = libraryLocations.get(key);
        if (library == null) {
            library = isArchive(key) && !isMainJar(location);
            libraryLocations.put(key, library);
        }
        last = new LastLocation(location, library);
        return library;
    }

    private volatile LastLocation last;

    private static final class LastLocation {
        final URL location;
        final boolean library;

        LastLocation(URL location, boolean library) {
            this.location = location;
            this.library = library;
        }
    }

    private boolean isMainJar(URL location) {
        if (mainJar == null || !"file".equals(location.getProtocol())) {
            return false;
        }
        try {
            return mainJar.equals(new File(location.toURI()).getPath());
        } catch (Exception e) {
            return mainJar.equals(location.getPath());
        }
    }

    /**
     * Whether a code source location is a jar (or a jar inside one, as a Spring Boot jar's {@code BOOT-INF/lib}),
     * not a directory (a build's output directory, or a Spring Boot jar's {@code BOOT-INF/classes}).
     */
    static boolean isArchive(String location) {
        int end = location.length();
        while (end > 0 && (location.charAt(end - 1) == '/' || location.charAt(end - 1) == '!')) {
            end--;
        }
        String name = location.substring(Math.max(location.lastIndexOf('/', end - 1), location.lastIndexOf('!', end - 1)) + 1, end)
                .toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }
}
