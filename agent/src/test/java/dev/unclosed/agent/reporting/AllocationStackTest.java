package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.net.URLClassLoader;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Stacks are built from synthetic frames, innermost first, as {@code new Throwable()} in the tracker records them. */
class AllocationStackTest {

    /**
     * An application's subclass of a JDK resource: its own constructors are not the allocation site either. Made
     * at run time because this test's own package counts as the agent's, whose frames are never a site.
     */
    private static final Class<?> COUNTING_STREAM = defineSubclassOfFileInputStream("com.acme.CountingStream");

    private static Class<?> defineSubclassOfFileInputStream(String name) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/io/FileInputStream", null);
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        return new ClassLoader(AllocationStackTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }

    private static StackTraceElement at(String className, String method) {
        return new StackTraceElement(className, method, simpleFile(className), 10);
    }

    private static StackTraceElement inModule(String module, String className, String method) {
        return new StackTraceElement(null, module, null, className, method, simpleFile(className), 10);
    }

    private static String simpleFile(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested < 0 ? simple : simple.substring(0, nested)) + ".java";
    }

    private static AllocationStack decode(Class<?> type, StackTraceElement... frames) {
        return decode(type, 32, frames);
    }

    private static AllocationStack decode(Class<?> type, int depth, StackTraceElement... frames) {
        Throwable allocation = new Throwable();
        allocation.setStackTrace(frames);
        return AllocationStack.decode(allocation, type, depth, false, null);
    }

    private static final StackTraceElement TRACKER = at("dev.unclosed.agent.tracking.LeakTracker", "track");
    private static final StackTraceElement HOOKS = at("dev.unclosed.bootstrap.Hooks", "constructed");
    private static final StackTraceElement FIS_INIT = inModule("java.base", "java.io.FileInputStream", "<init>");

    @Test
    void theSiteIsTheFirstFrameOutsideTheJdkAndTheAgent() {
        AllocationStack stack = decode(FileInputStream.class, TRACKER, HOOKS, FIS_INIT, FIS_INIT,
                at("com.acme.Store", "load"), at("com.acme.Main", "main"));

        assertThat(stack.site()).isEqualTo(new Frame("com.acme.Store", "load", "Store.java", 10));
        assertThat(stack.siteIndex()).isEqualTo(4);
    }

    @Test
    void theKeptFramesLeaveOutOnlyTheAgentsOwnInnermostFrames() {
        AllocationStack stack = decode(FileInputStream.class, TRACKER, HOOKS, FIS_INIT,
                at("com.acme.Store", "load"), at("com.acme.Main", "main"));

        assertThat(stack.frames()).extracting(Frame::className)
                .containsExactly("java.io.FileInputStream", "com.acme.Store", "com.acme.Main");
    }

    @Test
    void atMostStackDepthFramesAreKept() {
        AllocationStack stack = decode(FileInputStream.class, 2, TRACKER, FIS_INIT,
                at("com.acme.Store", "load"), at("com.acme.Main", "main"));

        assertThat(stack.frames()).hasSize(2);
        assertThat(stack.site().className()).isEqualTo("com.acme.Store");
    }

    @Test
    void jdkFramesAreRecognisedByModuleOrByPackage() {
        for (String jdkClass : new String[] {"java.util.zip.ZipFile", "javax.net.ssl.SSLSocket", "sun.nio.ch.Util",
                "jdk.internal.misc.Foo", "com.sun.net.httpserver.HttpServer"}) {
            AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at(jdkClass, "open"), at("com.acme.Main", "main"));
            assertThat(stack.site().className()).as(jdkClass).isEqualTo("com.acme.Main");
        }
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT,
                inModule("jdk.httpserver", "org.example.Jdkish", "open"), at("com.acme.Main", "main"));
        assertThat(stack.site().className()).isEqualTo("com.acme.Main");
    }

    @Test
    void aJavaxOrComSunPackageThatNoJdkModuleHoldsIsALibrarysNotTheJdks() {
        // JMS 2's API and JavaMail's implementation, from the class path: their frames can be the site.
        AllocationStack jms = decode(FileInputStream.class, FIS_INIT, at("javax.jms.Session", "open"),
                at("com.acme.Main", "main"));
        assertThat(jms.site().className()).isEqualTo("javax.jms.Session");

        // A library's own thread, with no frame of the application's: its leak is not the JDK's to keep.
        AllocationStack mail = decode(FileInputStream.class, FIS_INIT, at("com.sun.mail.imap.IdleManager", "watch"),
                at("java.lang.Thread", "run"));
        assertThat(mail.site().className()).isEqualTo("com.sun.mail.imap.IdleManager");
        assertThat(mail.heldByJdk()).isFalse();
    }

    @Test
    void constructorsOfTheObjectsOwnClassChainAreNotTheSite() {
        AllocationStack stack = decode(COUNTING_STREAM, FIS_INIT, at(COUNTING_STREAM.getName(), "<init>"),
                at("com.acme.Main", "run"));

        assertThat(stack.site().className()).isEqualTo("com.acme.Main");
        assertThat(stack.site().methodName()).isEqualTo("run");
    }

    @Test
    void aConstructorOfAnotherClassIsTheSite() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("com.acme.FileHandler", "<init>"),
                at("com.acme.Main", "main"));

        assertThat(stack.site()).isEqualTo(new Frame("com.acme.FileHandler", "<init>", "FileHandler.java", 10));
    }

    @Test
    void otherMethodsOfTheObjectsOwnClassCanBeTheSite() {
        AllocationStack stack = decode(COUNTING_STREAM, FIS_INIT, at(COUNTING_STREAM.getName(), "reopen"),
                at("com.acme.Main", "run"));

        assertThat(stack.site().methodName()).isEqualTo("reopen");
    }

    @Test
    void theAgentsOwnPackagesAreNeverTheSiteButAnApplicationUnderDevUnclosedCanBe() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("dev.unclosed.report.ReportFiles", "write"),
                at("dev.unclosed.cli.Main", "main"), at("dev.unclosed.demo.DemoApp", "main"));

        assertThat(stack.site().className()).isEqualTo("dev.unclosed.demo.DemoApp");
    }

    @Test
    void withoutAnyApplicationFrameTheJdkHoldsIt() {
        AllocationStack stack = decode(FileInputStream.class, TRACKER, FIS_INIT, at("java.lang.Thread", "run"));

        assertThat(stack.site()).isNull();
        assertThat(stack.siteIndex()).isEqualTo(-1);
        assertThat(stack.heldByJdk()).isTrue();
    }

    @Test
    void aJdkStaticInitializerBeforeTheSiteMeansTheJdkHoldsIt() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("java.util.logging.LogManager", "<clinit>"),
                at("com.acme.Main", "main"));

        assertThat(stack.heldByJdk()).isTrue();
        assertThat(stack.staticInitializer()).isTrue();
    }

    @Test
    void classLoadingBeforeTheSiteMeansTheJdkHoldsIt() {
        for (String holder : new String[] {"java.net.URLClassLoader", "jdk.internal.loader.BuiltinClassLoader",
                "sun.net.www.protocol.jar.JarURLConnection", "sun.font.FontManager", "java.awt.Font",
                "sun.security.provider.SeedGenerator", "java.util.ServiceLoader", "jdk.internal.module.ModuleBootstrap",
                "java.lang.ClassLoader", "java.security.SecureClassLoader", "jdk.internal.jimage.ImageReader"}) {
            AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at(holder, "open"), at("com.acme.Main", "main"));
            assertThat(stack.heldByJdk()).as(holder).isTrue();
        }
    }

    @Test
    void aJdkHolderFurtherOutThanTheSiteDoesNotMakeItTheJdks() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("com.acme.Plugin", "<init>"),
                at("java.util.ServiceLoader$LazyClassPathLookupIterator", "next"), at("com.acme.Main", "main"));

        assertThat(stack.site().className()).isEqualTo("com.acme.Plugin");
        assertThat(stack.heldByJdk()).isFalse();
    }

    @Test
    void anOrdinaryAllocationIsNeitherJdkHeldNorInAStaticInitializer() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("com.acme.Store", "load"),
                at("com.acme.Main", "main"));

        assertThat(stack.heldByJdk()).isFalse();
        assertThat(stack.staticInitializer()).isFalse();
    }

    @Test
    void anApplicationStaticInitializerAsTheSiteIsAStaticInitializerNotTheJdks() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("com.acme.Config", "<clinit>"),
                at("com.acme.Main", "main"));

        assertThat(stack.site().methodName()).isEqualTo("<clinit>");
        assertThat(stack.staticInitializer()).isTrue();
        assertThat(stack.heldByJdk()).isFalse();
    }

    @Test
    void aStaticInitializerFurtherOutThanTheSiteCountsToo() {
        AllocationStack stack = decode(FileInputStream.class, FIS_INIT, at("com.acme.Config", "load"),
                at("com.acme.Config", "<clinit>"), at("com.acme.Main", "main"));

        assertThat(stack.site().methodName()).isEqualTo("load");
        assertThat(stack.staticInitializer()).isTrue();
        assertThat(stack.heldByJdk()).isFalse();
    }

    // Streams handed to the caller by class-loading code: the frames Class.getResourceAsStream leaves for a
    // resource in a directory, on Java 17 and 25.
    private static final StackTraceElement[] DIRECTORY_RESOURCE = {
            inModule("java.base", "java.io.FileInputStream", "<init>"),
            inModule("java.base", "sun.net.www.protocol.file.FileURLConnection", "connect"),
            inModule("java.base", "sun.net.www.protocol.file.FileURLConnection", "getInputStream"),
            inModule("java.base", "java.net.URL", "openStream"),
            inModule("java.base", "java.lang.ClassLoader", "getResourceAsStream"),
            inModule("java.base", "java.lang.Class", "getResourceAsStream"),
            at("com.acme.Config", "load")};

    @Test
    void aStreamThatGetResourceAsStreamHandsToTheCallerIsTheCallers() {
        AllocationStack stack = decode(FileInputStream.class, DIRECTORY_RESOURCE);

        assertThat(stack.heldByJdk()).isFalse();
        assertThat(stack.site().className()).isEqualTo("com.acme.Config");
    }

    @Test
    void aURLClassLoadersGetResourceAsStreamHandsTheStreamToTheCaller() {
        AllocationStack stack = decode(BufferedInputStream.class, inModule("java.base", "java.io.BufferedInputStream", "<init>"),
                inModule("java.base", "sun.net.www.protocol.file.FileURLConnection", "connect"),
                inModule("java.base", "sun.net.www.protocol.file.FileURLConnection", "getInputStream"),
                inModule("java.base", "java.net.URLClassLoader", "getResourceAsStream"), at("com.acme.Plugins", "read"));

        assertThat(stack.heldByJdk()).isFalse();
    }

    @Test
    void aStreamHandedOnToJdkCodeThatKeepsItIsTheJdks() {
        StackTraceElement[] frames = DIRECTORY_RESOURCE.clone();
        frames[5] = inModule("java.base", "java.util.ResourceBundle$Control", "newBundle");

        assertThat(decode(FileInputStream.class, frames).heldByJdk()).isTrue();
    }

    @Test
    void classLoadingInsideGetResourceAsStreamIsStillTheJdks() {
        AllocationStack stack = decode(JarFile.class, inModule("java.base", "java.util.jar.JarFile", "<init>"),
                inModule("java.base", "jdk.internal.loader.URLClassPath$JarLoader", "getJarFile"),
                inModule("java.base", "jdk.internal.loader.URLClassPath", "getLoader"),
                inModule("java.base", "java.net.URLClassLoader", "findResource"),
                inModule("java.base", "java.lang.ClassLoader", "getResource"),
                inModule("java.base", "java.net.URLClassLoader", "getResourceAsStream"), at("com.acme.Plugins", "read"));

        assertThat(stack.heldByJdk()).isTrue();
    }

    @Test
    void aJarResourceStreamOpenedByTheJdksJarUrlCodeIsTheJdks() {
        AllocationStack stack = decode(FileInputStream.class,
                inModule("java.base", "sun.net.www.protocol.jar.JarURLConnection$JarURLInputStream", "<init>"),
                inModule("java.base", "sun.net.www.protocol.jar.JarURLConnection", "getInputStream"),
                inModule("java.base", "java.net.URL", "openStream"),
                inModule("java.base", "java.lang.ClassLoader", "getResourceAsStream"), at("com.acme.Config", "load"));

        assertThat(stack.heldByJdk()).isTrue();
    }

    private static final StackTraceElement LOADER_INIT = inModule("java.base", "java.net.URLClassLoader", "<init>");

    @Test
    void aClassLoaderTheApplicationCreatesIsTheApplicationsThoughItsConstructorIsClassLoadingCode() {
        AllocationStack stack = decode(URLClassLoader.class, TRACKER, HOOKS, LOADER_INIT, LOADER_INIT,
                at("com.acme.Plugins", "load"));

        assertThat(stack.heldByJdk()).isFalse();
        assertThat(stack.site().className()).isEqualTo("com.acme.Plugins");
    }

    @Test
    void aClassLoaderFromURLClassLoaderNewInstanceIsTheCallers() {
        // Java 25: newInstance calls the constructor; Java 17: through a privileged action.
        assertThat(decode(URLClassLoader.class, LOADER_INIT, inModule("java.base", "java.net.URLClassLoader", "newInstance"),
                at("com.acme.Plugins", "load")).heldByJdk()).isFalse();
        assertThat(decode(URLClassLoader.class, LOADER_INIT, inModule("java.base", "java.net.URLClassLoader$5", "run"),
                inModule("java.base", "java.security.AccessController", "doPrivileged"),
                inModule("java.base", "java.net.URLClassLoader", "newInstance"), at("com.acme.Plugins", "load")).heldByJdk())
                .isFalse();
    }

    @Test
    void aClassLoaderThatJdkCodeCreatesIsTheJdks() {
        AllocationStack stack = decode(URLClassLoader.class, LOADER_INIT, inModule("java.base", "java.net.URLClassLoader", "newInstance"),
                inModule("java.desktop", "com.sun.media.sound.JARSoundbankReader", "getSoundbank"),
                inModule("java.desktop", "javax.sound.midi.MidiSystem", "getSoundbank"), at("com.acme.Music", "play"));

        assertThat(stack.heldByJdk()).isTrue();
    }

    @Test
    void theConnectionsOfHttpUrlConnectionAreTheJdksButTheBodyStreamItHandsOutIsNot() {
        StackTraceElement main = at("com.acme.Main", "main");
        AllocationStack socket = decode(java.net.Socket.class, inModule("java.base", "java.net.Socket", "<init>"),
                inModule("java.base", "sun.net.www.http.HttpClient", "openServer"),
                inModule("java.base", "sun.net.www.protocol.http.HttpURLConnection", "plainConnect0"), main);
        // Through a proxy's tunnel, HTTPS layers its socket over the plain one outside HttpClient's frames.
        AllocationStack tunnelled = decode(java.net.Socket.class,
                inModule("java.base", "sun.security.ssl.SSLSocketFactoryImpl", "createSocket"),
                inModule("java.base", "sun.net.www.protocol.https.HttpsClient", "afterConnect"),
                inModule("java.base", "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection", "connect"), main);
        AllocationStack body = decode(java.io.InputStream.class,
                inModule("java.base", "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream", "<init>"),
                inModule("java.base", "sun.net.www.protocol.http.HttpURLConnection", "getInputStream0"), main);

        assertThat(socket.heldByJdk()).isTrue();
        assertThat(tunnelled.heldByJdk()).isTrue();
        assertThat(body.heldByJdk()).isFalse();
        assertThat(body.site().className()).isEqualTo("com.acme.Main");
    }
}
