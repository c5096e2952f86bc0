package dev.unclosed.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link UnclosedExtension} for a whole suite, without touching a test class: registered through {@code
 * META-INF/services}, Jupiter loads it when extension auto-detection is on
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}), and it acts only when the configuration parameter
 * {@code unclosed.junit.failLeakingTests} is {@code true}: other auto-detected extensions do not turn it on by accident.
 */
public final class FailLeakingTests extends UnclosedExtension {

    static final String ENABLED = "unclosed.junit.failLeakingTests";

    @Override
    public void afterEach(ExtensionContext context) {
        String enabled = System.getProperty(ENABLED);
        if (enabled == null) {
            enabled = context.getConfigurationParameter(ENABLED).orElse("false");
        }
        if (Boolean.parseBoolean(enabled.trim())) {
            super.afterEach(context);
        }
    }
}
