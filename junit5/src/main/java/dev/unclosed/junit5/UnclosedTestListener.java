package dev.unclosed.junit5;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the agent which test runs on which thread, so that each tracked object records the test it was made in.
 * Registered through {@code META-INF/services}: the JUnit Platform loads it whenever this jar is on the test class
 * path, with no flag. A test class is a scope too, for what its own lifecycle makes ({@code @BeforeAll}, static
 * initializers); engines and other containers are not.
 *
 * <p>The platform calls it on the thread that runs the test, also when tests run in parallel, so each thread's
 * current test is exact. It never throws into the platform.
 */
public final class UnclosedTestListener implements TestExecutionListener {

    private final Map<String, Object> running = new ConcurrentHashMap<>();
    private volatile boolean connected;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            connected = AgentConnection.connect(name -> testPlan.getConfigurationParameters().get(name));
        } catch (Throwable t) {
            connected = false;
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (!connected) {
            return;
        }
        try {
            String className = null;
            String methodName = null;
            TestSource source = test.getSource().orElse(null);
            if (source instanceof MethodSource method) {
                className = method.getClassName();
                methodName = method.getMethodName();
            } else if (source instanceof ClassSource type) {
                className = type.getClassName();
            } else {
                return;
            }
            Object token = AgentBridge.started(test.getUniqueId(), test.getDisplayName(), className, methodName);
            if (token != null) {
                running.put(test.getUniqueId(), token);
            }
        } catch (Throwable t) {
            // never into the test framework
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!connected) {
            return;
        }
        try {
            Object token = running.remove(test.getUniqueId());
            if (token != null) {
                AgentBridge.finished(token);
            }
        } catch (Throwable t) {
            // never into the test framework
        }
    }
}
