package dev.unclosed.junit5;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaked: after each test, asks for a collection, waits a bounded time for the agent to find
 * what the test dropped without close (its own objects, those of threads it started and tasks it submitted), and
 * fails the test with each leak's type, site and stack. Register it with {@code @ExtendWith(UnclosedExtension.class)}.
 *
 * <p>It finds what is unreachable once the test method returned; what the test instance or a static field still
 * holds is not collected yet, and is reported by the agent later, still naming the test. The wait, at most
 * {@code unclosed.junit.waitMillis} (configuration parameter or system property, default 1000), is
 * spent only by tests that left something open.
 */
public class UnclosedExtension implements AfterEachCallback {

    static final String WAIT_MILLIS = "unclosed.junit.waitMillis";
    private static final long DEFAULT_WAIT_MILLIS = 1000;

    @Override
    public void afterEach(ExtensionContext context) {
        if (!AgentConnection.connect(context::getConfigurationParameter)) {
            return;
        }
        String[] leaks = AgentBridge.leaksOf(context.getUniqueId(), waitMillis(context));
        if (leaks.length > 0) {
            StringBuilder message = new StringBuilder("unclosed: this test leaked ")
                    .append(leaks.length == 1 ? "an object" : leaks.length + " objects")
                    .append(" (collected without close()):");
            for (String leak : leaks) {
                message.append("\n").append(leak);
            }
            throw new AssertionError(message.toString());
        }
    }

    private static long waitMillis(ExtensionContext context) {
        String value = System.getProperty(WAIT_MILLIS);
        if (value == null) {
            value = context.getConfigurationParameter(WAIT_MILLIS).orElse(null);
        }
        if (value == null) {
            return DEFAULT_WAIT_MILLIS;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WAIT_MILLIS + " must be a number of milliseconds, not '" + value + "'");
        }
    }
}
