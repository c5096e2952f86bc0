package dev.unclosed.junit5;

import dev.unclosed.bootstrap.TestScopes;

/**
 * The only class here that names the agent's bootstrap API. It is loaded only once {@link AgentConnection} found
 * that API on the bootstrap class path: a class whose link to it failed could never link again, even after the
 * agent is loaded into the JVM.
 */
final class AgentBridge {

    private AgentBridge() {
    }

    static boolean listening() {
        return TestScopes.installed();
    }

    static Object started(String uniqueId, String displayName, String className, String methodName) {
        return TestScopes.started(uniqueId, displayName, className, methodName);
    }

    static void finished(Object token) {
        TestScopes.finished(token);
    }

    static String[] leaksOf(String uniqueId, long waitMillis) {
        return TestScopes.leaksOf(uniqueId, waitMillis);
    }
}
