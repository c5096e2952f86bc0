package dev.unclosed.scenarios.jarred.plugin;

import java.io.FileInputStream;
import java.io.IOException;

/** A plugin loaded from a jar of its own, through a class loader that the application closes. */
public class FilePlugin extends PluginBase {
    private final FileInputStream in;

    public FilePlugin(String file) throws IOException {
        in = new FileInputStream(file);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
