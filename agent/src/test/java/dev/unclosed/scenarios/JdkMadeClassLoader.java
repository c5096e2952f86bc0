package dev.unclosed.scenarios;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import java.io.File;

/**
 * A class loader the JDK creates for itself and never closes: with {@code -Djdk.sound.jarsoundbank=true}, the
 * MIDI system's JAR soundbank reader makes a URLClassLoader over the given jar (args[0]), looks for a soundbank
 * service in it, and drops it.
 */
public class JdkMadeClassLoader {
    public static void main(String[] args) throws Exception {
        try {
            MidiSystem.getSoundbank(new File(args[0]));
        } catch (InvalidMidiDataException notASoundbank) {
            // expected: the jar holds no soundbank
        }
    }
}
