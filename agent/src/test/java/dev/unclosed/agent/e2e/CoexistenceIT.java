package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.LeakedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beside others, with the real artifacts from Maven Central (copied into target/coexist by the build): JaCoCo's agent
 * before and after unclosed, Mockito's inline mock maker (which attaches its own Byte Buddy agent), an application
 * with its own ASM, Jackson and Byte Buddy in other versions than the agent's, and an agent that retransforms the
 * JDK classes unclosed instruments. Each works as without unclosed, and the leaks are still found.
 */
class CoexistenceIT {

    private static Path coexist(String jar) {
        Path path = Paths.get(System.getProperty("unclosed.coexistDir", "target/coexist")).resolve(jar).toAbsolutePath();
        assertThat(path).as("copied by the build (maven-dependency-plugin)").exists();
        return path;
    }

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** Each other agent once before unclosed and once after it, two of them in each JVM. */
    static Stream<Arguments> jdksAndOrders() {
        return Jdk.all().flatMap(jdk -> Stream.of(Arguments.of(jdk, "JaCoCo before unclosed, retransforming agent after"),
                Arguments.of(jdk, "retransforming agent before unclosed, JaCoCo after")));
    }

    /**
     * The leaks of LeakedFiles, as found without any other agent (collected, or open at exit if this busy machine's
     * collector was slower than the final sweep: found either way).
     */
    private static void assertLeakedFilesFound(AgentRun.Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        assertThat(result.leakAt(LeakedFiles.class, "fis").type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.leakAt(LeakedFiles.class, "raf").type()).isEqualTo(java.io.RandomAccessFile.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndOrders")
    void jacocoAndAnAgentThatRetransformsTheSameJdkClassesWorkAndLeaksAreStillFound(Jdk jdk, String order) throws Exception {
        Path exec = AgentRun.newWorkDirectory("jacoco-").resolve("jacoco.exec");
        String jacoco = "-javaagent:" + coexist("jacoco-agent.jar") + "=destfile=" + exec;
        String retransforming = "-javaagent:" + retransformingAgentJar();
        AgentRun run = AgentRun.on(jdk);
        if (order.startsWith("JaCoCo before")) {
            run.jvmOptionsBeforeAgent(jacoco).jvmOptions(retransforming);
        } else {
            run.jvmOptionsBeforeAgent(retransforming).jvmOptions(jacoco);
        }
        AgentRun.Result result = run.main(LeakedFiles.class).run();

        assertLeakedFilesFound(result);
        assertThat(exec).as("JaCoCo's coverage data" + result.describe()).isNotEmptyFile();
        assertThat(result.stderr()).as(result.describe()).contains("retransforming agent: retransformed the file classes");
    }

    private static final String MOCKITO_USER = """
            package coexist;

            import java.io.Closeable;
            import java.io.File;
            import java.io.FileInputStream;
            import java.io.IOException;
            import java.nio.file.Files;

            import static org.mockito.Mockito.mock;
            import static org.mockito.Mockito.when;

            public class MockitoUser {
                /** Final: only the inline mock maker, which retransforms it, can mock it. */
                public static final class Store implements Closeable {
                    private final FileInputStream in;

                    public Store(File file) throws IOException {
                        in = new FileInputStream(file);
                    }

                    public int read() throws IOException {
                        return in.read();
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                }

                public static void main(String[] args) throws Exception {
                    File file = new File("data.txt");
                    Files.writeString(file.toPath(), "x");
                    Store mocked = mock(Store.class);
                    when(mocked.read()).thenReturn(42);
                    System.out.println("mocked read=" + mocked.read());
                    mocked.close();
                    System.out.println("real read=" + new Store(file).read()); // @leak store
                    new FileInputStream(file).read(); // @leak fis
                }
            }
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void mockitosInlineMockMakerMocksAClosableAndLeaksAreStillFound(Jdk jdk) throws Exception {
        Path[] mockito = {coexist("mockito-core.jar"), coexist("mockito-byte-buddy.jar"),
                coexist("mockito-byte-buddy-agent.jar"), coexist("objenesis.jar")};
        Path classes = compiled("coexist.MockitoUser", MOCKITO_USER, mockito);
        AgentRun.Result result = AgentRun.on(jdk).classpath(concat(classes, mockito)).run("coexist.MockitoUser");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("mocked read=42").contains("real read=120");
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        Leak store = leakAt(result, MOCKITO_USER, "store");
        assertThat(store.type()).isEqualTo("coexist.MockitoUser$Store");
        assertThat(leakAt(result, MOCKITO_USER, "fis").type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    private static final String OWN_LIBRARIES = """
            package coexist;

            import com.fasterxml.jackson.databind.ObjectMapper;
            import net.bytebuddy.ByteBuddy;
            import net.bytebuddy.ClassFileVersion;
            import net.bytebuddy.implementation.FixedValue;
            import net.bytebuddy.matcher.ElementMatchers;
            import org.objectweb.asm.ClassReader;

            import java.io.File;
            import java.io.FileInputStream;
            import java.util.Map;

            public class OwnLibraries {
                public static void main(String[] args) throws Exception {
                    File file = new File("data.json");
                    new ObjectMapper().writeValue(file, Map.of("answer", 42));
                    System.out.println("jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " read "
                            + new ObjectMapper().readTree(file));
                    System.out.println("asm read " + new ClassReader(OwnLibraries.class.getName()).getClassName() + " with "
                            + ClassReader.class.getProtectionDomain().getCodeSource().getLocation());
                    Object made = new ByteBuddy(ClassFileVersion.JAVA_V17).subclass(Object.class)
                            .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by byte buddy"))
                            .make().load(OwnLibraries.class.getClassLoader()).getLoaded()
                            .getDeclaredConstructor().newInstance();
                    System.out.println(made + " " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
                    new FileInputStream(file).read(); // @leak fis
                }
            }
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationWithItsOwnAsmJacksonAndByteBuddyRunsAndLeaksAreFound(Jdk jdk) throws Exception {
        Path[] libraries = {coexist("asm.jar"), coexist("jackson-databind.jar"), coexist("jackson-core.jar"),
                coexist("jackson-annotations.jar"), coexist("byte-buddy.jar")};
        Path classes = compiled("coexist.OwnLibraries", OWN_LIBRARIES, libraries);
        AgentRun.Result result = AgentRun.on(jdk).classpath(concat(classes, libraries)).run("coexist.OwnLibraries");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("jackson 2.17.2 read {\"answer\":42}")
                .contains("asm read coexist/OwnLibraries with").contains("asm.jar")
                .contains("made by byte buddy").contains("byte-buddy.jar");
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        assertThat(leakAt(result, OWN_LIBRARIES, "fis").type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    /** The single finding at the line of a compiled program's source marked {@code // @leak marker}. */
    private static Leak leakAt(AgentRun.Result result, String source, String marker) {
        List<String> lines = source.lines().toList();
        int line = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// @leak " + marker)) {
                line = i + 1;
            }
        }
        int expected = line;
        List<Leak> found = result.leaks().stream()
                .filter(l -> l.site() != null && l.site().className().startsWith("coexist.") && l.site().lineNumber() == expected)
                .toList();
        assertThat(found).as("one finding at line " + expected + " (" + marker + "):\n" + result.summary() + result.describe()).hasSize(1);
        return found.get(0);
    }

    private static final java.util.Map<String, Path> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Compiled once for all JDKs: javac in this JVM takes seconds on a busy machine. */
    private static Path compiled(String className, String source, Path... classpath) {
        return COMPILED.computeIfAbsent(className, name -> {
            try {
                return Compiler.compile(AgentRun.newWorkDirectory(name.substring(name.indexOf('.') + 1) + "-"), name, source, classpath);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Path[] concat(Path first, Path... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(Path[]::new);
    }

    /** The test agent of dev.unclosed.coagents, packed as an agent jar that may retransform. */
    private static Path retransformingAgentJar() throws IOException {
        Path jar = AgentRun.newWorkDirectory("coagent-").resolve("retransforming-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "dev.unclosed.coagents.RetransformingAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path classes = AgentRun.testClasses().resolve("dev/unclosed/coagents");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.list(classes)) {
            for (Path file : files.toList()) {
                jarOut.putNextEntry(new JarEntry("dev/unclosed/coagents/" + file.getFileName()));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
