package dev.unclosed.agent.instrument;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.ApplicationCode;
import dev.unclosed.fixtures.ConstructorShapes.AbstractCloseable;
import dev.unclosed.agent.tracking.SiteRegistry;
import dev.unclosed.fixtures.ConstructorShapes.NotCloseable;
import dev.unclosed.fixtures.ConstructorShapes.Opener;
import dev.unclosed.fixtures.ConstructorShapes.Shapes;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transformer's output, loaded in a class loader of its own (so the JVM verifies it) and run. The hooks are
 * not installed here, so they do nothing: what is checked is which classes change and that the changed code is
 * valid and behaves as before, whatever shape its constructors have. (The classes transformed live outside
 * unclosed's packages, which are never instrumented.)
 */
class CloseableTransformerTest {

    private final List<String> instrumented = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final CloseableTransformer transformer = new CloseableTransformer(false, null, null, instrumented::add, errors::add,
            (name, loader) -> { });

    @Test
    void constructorsOfEveryShapeStillVerifyAndComputeTheSame() throws Exception {
        Class<?> shapes = transformedCopy(Shapes.class);

        Object wide = shapes.getConstructor(long.class, double.class, InputStream.class, int.class)
                .newInstance(4L, 5.0, new ByteArrayInputStream(new byte[1]), 3);
        Object delegating = shapes.getConstructor(InputStream.class).newInstance(new ByteArrayInputStream(new byte[1]));
        Object caught = shapes.getConstructor(boolean.class).newInstance(false);

        assertThat(shapes.getField("seen").get(wide)).isEqualTo("eoe9");
        assertThat(shapes.getField("seen").get(delegating)).isEqualTo("eoe3");
        assertThat(shapes.getField("seen").get(caught)).isEqualTo("caught");
        ((Closeable) wide).close();
        assertThat(instrumented).containsExactly(Shapes.class.getName());
        assertThat(errors).isEmpty();
    }

    @Test
    void aConstructorThatThrowsStillThrowsTheSame() throws Exception {
        Class<?> shapes = transformedCopy(Shapes.class);

        Throwable thrown = null;
        try {
            shapes.getConstructor(boolean.class).newInstance(true);
        } catch (java.lang.reflect.InvocationTargetException e) {
            thrown = e.getCause();
        }

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("constructor throws");
    }

    @Test
    void classesThatAreNotCloseableAreLeftAsTheyAre() throws Exception {
        assertThat(transform(NotCloseable.class)).isNull();
        assertThat(instrumented).isEmpty();
    }

    @Test
    void abstractCloseablesGetTheirCloseInstrumented() throws Exception {
        assertThat(transform(AbstractCloseable.class)).isNotNull();
        assertThat(instrumented).containsExactly(AbstractCloseable.class.getName());
    }

    @Test
    void theJdksInMemoryStreamsAreLeftAloneUnlessStrict() throws Exception {
        byte[] bytes = classFile(ByteArrayInputStream.class);
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });

        assertThat(transformer.transform(null, null, "java/io/ByteArrayInputStream", null, null, bytes)).isNull();
        assertThat(strict.transform(null, null, "java/io/ByteArrayInputStream", null, null, bytes)).isNotNull();
    }

    @Test
    void fileLocksAreLeftAloneEvenUnderStrict() throws Exception {
        Class<?> lock = Class.forName("sun.nio.ch.FileLockImpl");
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });

        assertThat(transform(strict, lock)).isNull();
        assertThat(transform(strict, java.nio.channels.FileLock.class)).as("the abstract class itself").isNull();
        assertThat(CloseableTransformer.isInstrumentable(lock, true)).as("when retransformed").isFalse();
        assertThat(errors).isEmpty();
    }

    @Test
    void theRuntimeImagesReadersAndTheDefaultFileSystemAreNeverInstrumentedEvenUnderStrict() throws Exception {
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });
        Class<?> imageReader = Class.forName("jdk.internal.jimage.ImageReader");
        Class<?> defaultFileSystem = java.nio.file.FileSystems.getDefault().getClass();

        for (Class<?> jdk : List.of(imageReader, Class.forName("jdk.internal.jimage.BasicImageReader"), defaultFileSystem,
                java.nio.file.FileSystem.class, java.io.Writer.class, java.io.Reader.class)) {
            assertThat(transform(strict, jdk)).as(jdk.getName()).isNull();
            assertThat(CloseableTransformer.isInstrumentable(jdk, true)).as(jdk.getName() + " when retransformed").isFalse();
        }
        assertThat(instrumented).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void theSameClassesOfAnotherLoaderAreInstrumented() throws Exception {
        // Another JDK's image is read through that JDK's own copies of the image readers, from its jrt-fs.jar.
        byte[] bytes = classFile(Class.forName("jdk.internal.jimage.ImageReader"));

        assertThat(transformer.transform(null, getClass().getClassLoader(), "jdk/internal/jimage/ImageReader", null, null,
                bytes)).isNotNull();
        assertThat(instrumented).containsExactly("jdk.internal.jimage.ImageReader");
    }

    @Test
    void aReaderOfTheJdksModulesIsLeftAloneUnlessStrict() throws Exception {
        Class<?> moduleReader = Class.forName("jdk.internal.module.SystemModuleFinders$SystemModuleReader");
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });

        assertThat(transform(moduleReader)).isNull();
        assertThat(transform(strict, moduleReader)).isNotNull();
    }

    @Test
    void aZipFilesEntryStreamsAreLeftAloneUnlessStrict() throws Exception {
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });

        for (String name : List.of("java.util.zip.ZipFile$ZipFileInputStream", "java.util.zip.ZipFile$ZipFileInflaterInputStream")) {
            Class<?> entryStream = Class.forName(name);
            assertThat(transform(entryStream)).as(name).isNull();
            assertThat(CloseableTransformer.isInstrumentable(entryStream, false)).as(name + " when retransformed").isFalse();
            assertThat(transform(strict, entryStream)).as(name + " under strict").isNotNull();
            assertThat(CloseableTransformer.isInstrumentable(entryStream, true)).as(name + " retransformed under strict").isTrue();
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void theNullStreamsAreLeftAloneUnlessStrict() throws Exception {
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });

        for (Object nullStream : List.of(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                java.io.Reader.nullReader(), java.io.Writer.nullWriter())) {
            Class<?> type = nullStream.getClass();
            assertThat(transform(type)).as(type.getName()).isNull();
            assertThat(CloseableTransformer.isInstrumentable(type, false)).as(type.getName() + " when retransformed").isFalse();
            assertThat(transform(strict, type)).as(type.getName() + ", strict").isNotNull();
        }
        assertThat(errors).isEmpty();
    }

    /**
     * Java 24 on, a StringReader reads through {@code Reader.of(CharSequence)}'s reader, {@code java.io.Reader$2}: in
     * memory like the StringReader itself. Made here with its name and superclass, as this JVM may have no such class.
     */
    @Test
    void theReaderOfACharSequenceIsLeftAloneUnlessStrict() {
        CloseableTransformer strict = new CloseableTransformer(true, null, null, instrumented::add, errors::add, (name, loader) -> { });
        byte[] charSequenceReader = readerSubclass("java/io/Reader$2");

        assertThat(transformer.transform(null, null, "java/io/Reader$2", null, null, charSequenceReader)).isNull();
        assertThat(strict.transform(null, null, "java/io/Reader$2", null, null, charSequenceReader)).isNotNull();
        assertThat(errors).isEmpty();
    }

    /** A subclass of Reader of this name with a constructor and close(): all the transformer looks at. */
    private static byte[] readerSubclass(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_SUPER, internalName, null, "java/io/Reader", null);
        MethodVisitor constructor = writer.visitMethod(0, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/Reader", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(1, 1);
        constructor.visitEnd();
        MethodVisitor close = writer.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, null);
        close.visitCode();
        close.visitInsn(Opcodes.RETURN);
        close.visitMaxs(0, 1);
        close.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void unclosedsOwnClassesAreNeverInstrumented() throws Exception {
        byte[] bytes = classFile(Shapes.class);

        assertThat(transformer.transform(null, getClass().getClassLoader(), "dev/unclosed/agent/Whatever", null, null, bytes))
                .isNull();
    }

    private final SiteRegistry sites = new SiteRegistry();
    private final CloseableTransformer marking = new CloseableTransformer(false, sites, null, instrumented::add,
            errors::add, (name, loader) -> { });

    @Test
    void applicationCodeAnnouncesEachNewOfATrackedClassRightBeforeItsConstructor() throws Exception {
        List<String> calls = calls(marking, Opener.class, "open");

        assertThat(calls).containsSubsequence(
                "dev/unclosed/bootstrap/Hooks.site", "java/io/FileInputStream.<init>",
                "dev/unclosed/bootstrap/Hooks.site", "java/io/BufferedInputStream.<init>");
        assertThat(sites.size()).isEqualTo(2);
        assertThat(calls(marking, Opener.class, "notACloseable")).doesNotContain("dev/unclosed/bootstrap/Hooks.site");
    }

    @Test
    void aTrackedConstructorPassesItsSiteToItsSuperCall() throws Exception {
        List<String> calls = calls(marking, Shapes.class, "<init>");

        assertThat(calls).containsSubsequence("dev/unclosed/bootstrap/Hooks.nestedSite", "java/io/FilterInputStream.<init>");
    }

    @Test
    void jdkConstructorsPassTheirSiteToWhatTheirFactoriesBuildWhenTheyMayNameItsClass() throws Exception {
        byte[] bytes = classFile(java.io.InputStreamReader.class);

        byte[] inJavaBase = marking.transform(Object.class.getModule(), null, "java/io/InputStreamReader", null, null, bytes);
        byte[] moduleUnknown = marking.transform(null, null, "java/io/InputStreamReader", null, null, bytes);

        assertThat(calls(inJavaBase, "<init>"))
                .containsSubsequence("dev/unclosed/bootstrap/Hooks.nestedSite", "sun/nio/cs/StreamDecoder.forInputStreamReader");
        assertThat(calls(moduleUnknown, "<init>")).as("StreamDecoder's package is not java.io: not provably accessible")
                .doesNotContain("dev/unclosed/bootstrap/Hooks.nestedSite");
    }

    @Test
    void aConstructorThatOnlyPassesItsArgumentsOnWithThisGetsNoHooks() throws Exception {
        byte[] bytes = classFile(java.io.BufferedReader.class);

        byte[] transformed = marking.transform(Object.class.getModule(), null, "java/io/BufferedReader", null, null, bytes);

        assertThat(calls(transformed, "<init>", "(Ljava/io/Reader;)V")).containsExactly("java/io/BufferedReader.<init>");
        assertThat(calls(transformed, "<init>", "(Ljava/io/Reader;I)V"))
                .startsWith("dev/unclosed/bootstrap/Hooks.constructorEntered")
                .contains("dev/unclosed/bootstrap/Hooks.constructedWith");
    }

    @Test
    void aConstructorThatComputesWhatItPassesOnKeepsItsHooks() throws Exception {
        byte[] bytes = classFile(java.util.Scanner.class);

        byte[] transformed = marking.transform(Object.class.getModule(), null, "java/util/Scanner", null, null, bytes);

        assertThat(calls(transformed, "<init>", "(Ljava/io/File;)V"))
                .startsWith("dev/unclosed/bootstrap/Hooks.constructorEntered")
                .contains("dev/unclosed/bootstrap/Hooks.constructed");
    }

    private final CloseableTransformer tellingLibraries = new CloseableTransformer(false, new SiteRegistry(), null,
            instrumented::add, errors::add, (name, loader) -> { }, ApplicationCode.of(AgentOptions.defaults()), null);

    private static ProtectionDomain from(String location) throws IOException {
        return new ProtectionDomain(new CodeSource(new URL(location), (Certificate[]) null), null);
    }

    @Test
    void aLibrarysCodeAnnouncesNoSitesSinceItCreatesObjectsForManyCallers() throws Exception {
        String opener = "dev/unclosed/fixtures/ConstructorShapes$Opener";
        byte[] inAJar = tellingLibraries.transform(null, Opener.class.getClassLoader(), opener, null,
                from("file:/srv/lib/opener.jar"), classFile(Opener.class));
        byte[] inADirectory = tellingLibraries.transform(null, Opener.class.getClassLoader(), opener, null,
                from("file:/srv/app/classes/"), classFile(Opener.class));

        assertThat(inAJar).as("left alone").isNull();
        assertThat(calls(inADirectory, "open")).contains("dev/unclosed/bootstrap/Hooks.site");
    }

    @Test
    void aLibrarysTrackedConstructorStillPassesOnTheSiteItWasCreatedAt() throws Exception {
        byte[] inAJar = tellingLibraries.transform(null, Shapes.class.getClassLoader(), "dev/unclosed/fixtures/ConstructorShapes$Shapes",
                null, from("file:/srv/lib/shapes.jar"), classFile(Shapes.class));

        assertThat(calls(inAJar, "<init>")).containsSubsequence("dev/unclosed/bootstrap/Hooks.nestedSite", "java/io/FilterInputStream.<init>");
    }

    @Test
    void withoutASiteRegistryNoSiteIsAnnounced() throws Exception {
        assertThat(transform(Opener.class)).isNull();
        assertThat(calls(transformer, Shapes.class, "<init>")).doesNotContain("dev/unclosed/bootstrap/Hooks.nestedSite");
    }

    @Test
    void announcedCodeStillVerifiesAndRuns() throws Exception {
        byte[] bytes = marking.transform(null, Opener.class.getClassLoader(), "dev/unclosed/fixtures/ConstructorShapes$Opener",
                null, null, classFile(Opener.class));
        Class<?> opener = define(Opener.class.getName(), bytes);
        java.io.File file = java.io.File.createTempFile("unclosed-test", ".txt");
        file.deleteOnExit();

        try (InputStream in = (InputStream) opener.getMethod("open", java.io.File.class).invoke(null, file)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** The methods called by {@code method} of the transformed class, as owner.name, in order. */
    private static List<String> calls(CloseableTransformer transformer, Class<?> type, String method) throws IOException {
        return calls(transform(transformer, type), method);
    }

    private static List<String> calls(byte[] bytes, String method) {
        return calls(bytes, method, null);
    }

    /** The methods called by {@code method} (with that descriptor, or all overloads if null), as owner.name, in order. */
    private static List<String> calls(byte[] bytes, String method, String descriptor) {
        List<String> calls = new ArrayList<>();
        if (bytes == null) {
            return calls;
        }
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                if (!name.equals(method) || (descriptor != null && !descriptor.equals(desc))) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean itf) {
                        calls.add(owner + "." + called);
                    }
                };
            }
        }, 0);
        return calls;
    }

    private byte[] transform(Class<?> type) throws IOException {
        return transform(transformer, type);
    }

    private static byte[] transform(CloseableTransformer transformer, Class<?> type) throws IOException {
        return transformer.transform(null, type.getClassLoader(), type.getName().replace('.', '/'), null, null,
                classFile(type));
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    /** The transformed class, defined by a loader of its own so that the JVM verifies it. */
    private Class<?> transformedCopy(Class<?> type) throws IOException {
        byte[] bytes = transform(type);
        assertThat(bytes).isNotNull();
        return define(type.getName(), bytes);
    }

    private Class<?> define(String name, byte[] bytes) {
        return new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }
}
