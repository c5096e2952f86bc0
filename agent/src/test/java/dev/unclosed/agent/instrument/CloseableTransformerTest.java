package dev.unclosed.agent.instrument;

import dev.unclosed.fixtures.ConstructorShapes.AbstractCloseable;
import dev.unclosed.fixtures.ConstructorShapes.NotCloseable;
import dev.unclosed.fixtures.ConstructorShapes.Shapes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
    void unclosedsOwnClassesAreNeverInstrumented() throws Exception {
        byte[] bytes = classFile(Shapes.class);

        assertThat(transformer.transform(null, getClass().getClassLoader(), "dev/unclosed/agent/Whatever", null, null, bytes))
                .isNull();
    }

    private byte[] transform(Class<?> type) throws IOException {
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
        return new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(type.getName(), bytes, 0, bytes.length);
            }
        }.define();
    }
}
