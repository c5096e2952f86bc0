package dev.unclosed.junit5;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The main class of a forked test JVM: runs the given test classes on the JUnit Platform, as Surefire or Gradle
 * would (the unclosed listener registers itself), and prints one line per test: {@code RESULT method status message}.
 */
public final class RunSuite {

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String className : args) {
            request.selectors(selectClass(className));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    String message = result.getThrowable().map(Throwable::getMessage).orElse("");
                    System.out.println("RESULT " + test.getDisplayName() + " " + result.getStatus() + " "
                            + message.replace("\n", "\\n"));
                }
            }
        });
    }
}
