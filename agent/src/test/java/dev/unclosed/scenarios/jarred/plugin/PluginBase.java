package dev.unclosed.scenarios.jarred.plugin;

import java.io.Closeable;

/** The plugin's supertype, in the plugin's jar: read by the agent when the plugin class loads. */
public abstract class PluginBase implements Closeable {
}
