package dev.unclosed.scenarios.jarred.lib;

import java.io.Closeable;

/** A library's closeable supertype, in the library's jar on the class path. */
public abstract class LibraryBase implements Closeable {
}
