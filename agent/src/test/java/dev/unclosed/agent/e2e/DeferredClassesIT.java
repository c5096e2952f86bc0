package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ClassLoadedWhileTransforming;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A class loaded while the agent transforms another, on the same thread, is deferred and instrumented later. */
class DeferredClassesIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassLoadedDuringAnothersTransformationIsInstrumentedOnceItHasLoaded(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("resources=" + ClassLoadedWhileTransforming.Sneaky.class.getName())
                .main(ClassLoadedWhileTransforming.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("deferred Sneaky loaded by");
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        List<Leak> sneaky = result.leaksAt(ClassLoadedWhileTransforming.class, "sneaky");
        // One per loader: the class loaded first, normally, and the deferred one of the same name.
        assertThat(sneaky.stream().mapToLong(Leak::count).sum()).as(result.summary()).isEqualTo(2);
        assertThat(sneaky).allSatisfy(leak -> assertThat(leak.kind()).isEqualTo(Leak.KIND_EXIT));
    }
}
