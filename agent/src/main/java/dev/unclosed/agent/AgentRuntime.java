package dev.unclosed.agent;

import dev.unclosed.agent.instrument.CloseableInstrumentation;
import dev.unclosed.agent.reporting.ExitReport;
import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.SiteRegistry;
import dev.unclosed.agent.tracking.StackInterner;
import dev.unclosed.bootstrap.Hooks;

import java.lang.instrument.Instrumentation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Wires the running agent together once the hooks are on the bootstrap class path. */
final class AgentRuntime {

    private AgentRuntime() {
    }

    static void start(AgentOptions options, Instrumentation instrumentation, String version) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        Findings findings = new Findings(options, classLoadersByName(instrumentation));
        // Opened to this agent alone, so that identical allocation stacks can be recognised in raw form and shared.
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of("java.lang", Set.of(AgentRuntime.class.getModule())), Set.of(), Map.of());
        // Call sites only matter for sharing stacks: without, application classes are left untouched.
        SiteRegistry sites = options.stackDepth() > 0 && options.stackPerSite() ? new SiteRegistry() : null;
        LeakTracker tracker = new LeakTracker(new ResourceRules(options::declaresResource), findings,
                options.strict(), options.stackDepth() > 0, options.sample(), StackInterner.create(), sites);
        CloseableInstrumentation closeables = new CloseableInstrumentation(instrumentation, options.debug(), options.strict(),
                sites);
        ExitReport exitReport = new ExitReport(options, tracker, findings, version, startedAt, closeables::errors);
        Thread hook = new Thread(() -> {
            tracker.markAgentThread();
            exitReport.run(System.err);
        }, "unclosed-exit-report");
        Runtime.getRuntime().addShutdownHook(hook);
        tracker.startReaper();
        Hooks.install(tracker);
        closeables.install();
        if (options.debug()) {
            System.err.println("unclosed: started in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms, "
                    + closeables.transformedClasses().size() + " classes instrumented so far");
        }
    }

    /**
     * Finds the class loader of a class by name among the loaded classes. Used only when a leak is reported, to
     * read the site's class file for its fingerprint.
     */
    private static Function<String, ClassLoader> classLoadersByName(Instrumentation instrumentation) {
        Map<String, ClassLoader> cache = new HashMap<>();
        return name -> {
            synchronized (cache) {
                if (!cache.containsKey(name)) {
                    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                        ClassLoader loader = c.getClassLoader();
                        cache.putIfAbsent(c.getName(), loader == null ? ClassLoader.getPlatformClassLoader() : loader);
                    }
                }
                ClassLoader loader = cache.get(name);
                return loader != null ? loader : ClassLoader.getSystemClassLoader();
            }
        };
    }
}
