package dev.unclosed.junit5;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A JDK to run suites on: the one running the tests (17), and Java 25 where it is installed. */
record Jdk(String name, Path home) {

    private static final Path DEFAULT_JAVA25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    @Override
    public String toString() {
        return name;
    }

    /** Java 25 comes from JAVA25_HOME or its usual place. */
    static Stream<Jdk> all() {
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(new Jdk("java " + Runtime.version().feature(), Paths.get(System.getProperty("java.home"))));
        String env = System.getenv("JAVA25_HOME");
        Path java25 = env != null && !env.isBlank() ? Paths.get(env) : DEFAULT_JAVA25;
        if (Files.isExecutable(java25.resolve("bin").resolve("java")) && Runtime.version().feature() != 25) {
            jdks.add(new Jdk("java 25", java25));
        }
        return jdks.stream();
    }
}
