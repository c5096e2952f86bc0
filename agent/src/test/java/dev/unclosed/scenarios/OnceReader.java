package dev.unclosed.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/** A library that reads a channel it was handed through a stream it drops on purpose: it does not own the channel. */
public final class OnceReader {

    private OnceReader() {
    }

    public static int firstByte(ReadableByteChannel channel) throws IOException {
        InputStream in = Channels.newInputStream(channel); // @leak wrapped
        return in.read();
    }
}
