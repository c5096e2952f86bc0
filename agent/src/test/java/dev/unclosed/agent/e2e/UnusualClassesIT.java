package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.scenarios.UnusualClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes from an application's class loader, hidden classes and lambdas, a constructor near the 64 KB method
 * limit, a class that fails verification and a class from a signed jar: tracked where possible, skipped with a
 * counted note otherwise, never fatal. One forked JVM per JDK.
 */
class UnusualClassesIT {

    private static final Map<String, AgentRun.Result> RUNS = new ConcurrentHashMap<>();

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static AgentRun.Result run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk.name(), name -> {
            try {
                Path dir = AgentRun.newWorkDirectory("unusual-");
                Path generated = Files.createDirectories(dir.resolve("generated-classes"));
                write(generated, "generated/BigConstructor", bigConstructor("generated/BigConstructor", FILLER));
                write(generated, "generated/TooBigConstructor", bigConstructor("generated/TooBigConstructor", TOO_MUCH_FILLER));
                write(generated, "generated/Unverifiable", unverifiable());
                return AgentRun.on(jdk).classpath(AgentRun.testClasses(), generated, signedJar(dir))
                        .main(UnusualClasses.class).run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theApplicationRunsAsWithoutTheAgent(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("big constructor ran: " + FILLER)
                .contains("too big constructor ran: " + TOO_MUCH_FILLER)
                .contains("unverifiable: java.lang.VerifyError")
                .contains("signed: true")
                .contains("done");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassOfAnApplicationClassLoaderIsTracked(Jdk jdk) {
        Leak plugin = run(jdk).leakAt(UnusualClasses.class, "plugin");

        assertThat(plugin.type()).isEqualTo(UnusualClasses.PluginResource.class.getName());
        assertThat(plugin.kind()).isEqualTo(Leak.KIND_EXIT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAHiddenClassOpensIsFoundAtItsCreator(Jdk jdk) {
        Leak hidden = run(jdk).leakAt(UnusualClasses.class, "hidden");

        // A hidden class cannot be retransformed and its frames are hidden: its file is found, at its creator.
        assertThat(hidden.type()).isEqualTo(FileInputStream.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatALambdaOpensIsFoundAtTheLambdasLine(Jdk jdk) {
        assertThat(run(jdk).leakAt(UnusualClasses.class, "lambda").type()).isEqualTo(FileInputStream.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConstructorNearTheMethodSizeLimitIsTracked(Jdk jdk) {
        Leak big = run(jdk).leakAt(UnusualClasses.class, "big");

        assertThat(big.type()).isEqualTo("generated.BigConstructor");
        assertThat(big.owns()).containsExactly(FileInputStream.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConstructorTooLargeToInstrumentIsSkippedWithACountedNoteAndWhatItOpensStillFound(Jdk jdk) {
        AgentRun.Result result = run(jdk);
        List<LeakReport.AgentErrorKind> kinds = result.report().summary().agentErrorKinds();

        assertThat(kinds).as(result.describe()).singleElement().satisfies(kind -> {
            assertThat(kind.kind()).isEqualTo("transform");
            assertThat(kind.count()).isEqualTo(1);
            assertThat(kind.firstMessage()).contains("generated/TooBigConstructor").contains("too large");
        });
        assertThat(result.leaks()).as(result.summary())
                .filteredOn(leak -> leak.site() != null && leak.site().className().equals("generated.TooBigConstructor"))
                .singleElement().satisfies(leak -> assertThat(leak.type()).isEqualTo(FileInputStream.class.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassFromASignedJarIsTrackedAndStaysSigned(Jdk jdk) {
        Leak signed = run(jdk).leakAt(UnusualClasses.class, "signed");

        assertThat(signed.type()).isEqualTo("signed.SignedResource");
    }

    private static void write(Path root, String internalName, byte[] classFile) throws IOException {
        Path file = root.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, classFile);
    }

    /** 65,418 bytes of constructor code: room left for the agent's hooks under the 65,535-byte limit. */
    private static final int FILLER = 6_540;
    /** 65,528 bytes: no room left for them. */
    private static final int TOO_MUCH_FILLER = 6_551;

    /**
     * A closeable whose constructor opens a file, then adds 1 to a field {@code filler} times (10 bytes of code
     * each): a constructor as large as generated code (parsers, tables) makes them.
     */
    private static byte[] bigConstructor(String name, int filler) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object",
                new String[] {"java/io/Closeable"});
        writer.visitField(Opcodes.ACC_PRIVATE, "in", "Ljava/io/FileInputStream;", null, null).visitEnd();
        writer.visitField(Opcodes.ACC_PUBLIC, "sum", "I", null, null).visitEnd();
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, new String[] {"java/io/IOException"});
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitTypeInsn(Opcodes.NEW, "java/io/FileInputStream");
        init.visitInsn(Opcodes.DUP);
        init.visitLdcInsn("data.txt");
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/FileInputStream", "<init>", "(Ljava/lang/String;)V", false);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, "in", "Ljava/io/FileInputStream;");
        for (int i = 0; i < filler; i++) {
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitInsn(Opcodes.DUP);
            init.visitFieldInsn(Opcodes.GETFIELD, name, "sum", "I");
            init.visitInsn(Opcodes.ICONST_1);
            init.visitInsn(Opcodes.IADD);
            init.visitFieldInsn(Opcodes.PUTFIELD, name, "sum", "I");
        }
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor close = writer.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, new String[] {"java/io/IOException"});
        close.visitCode();
        close.visitVarInsn(Opcodes.ALOAD, 0);
        close.visitFieldInsn(Opcodes.GETFIELD, name, "in", "Ljava/io/FileInputStream;");
        close.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/FileInputStream", "close", "()V", false);
        close.visitInsn(Opcodes.RETURN);
        close.visitMaxs(0, 0);
        close.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A closeable whose close() returns a reference from a void method: the verifier rejects it. */
    private static byte[] unverifiable() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "generated/Unverifiable", null, "java/lang/Object",
                new String[] {"java/io/Closeable"});
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor close = writer.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, null);
        close.visitCode();
        close.visitVarInsn(Opcodes.ALOAD, 0);
        close.visitInsn(Opcodes.ARETURN);
        close.visitMaxs(0, 0);
        close.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** signed.SignedResource, which opens a file in its constructor, in a jar signed with a throwaway key. */
    private static Path signedJar(Path dir) throws Exception {
        Path classes = Compiler.compile(dir.resolve("signed"), "signed.SignedResource", """
                package signed;

                import java.io.Closeable;
                import java.io.FileInputStream;
                import java.io.IOException;

                public class SignedResource implements Closeable {
                    private final FileInputStream in;

                    public SignedResource() throws IOException {
                        in = new FileInputStream("data.txt");
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                }
                """);
        Path jar = Compiler.jar(classes, dir.resolve("signed.jar"));
        Path bin = Paths.get(System.getProperty("java.home"), "bin");
        Path keystore = dir.resolve("keystore.p12");
        exec(bin.resolve("keytool").toString(), "-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret", "-dname", "CN=unclosed test",
                "-validity", "2");
        exec(bin.resolve("jarsigner").toString(), "-keystore", keystore.toString(), "-storepass", "secret", jar.toString(), "test");
        return jar;
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
