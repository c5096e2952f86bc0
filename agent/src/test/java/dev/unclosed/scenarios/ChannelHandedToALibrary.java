package dev.unclosed.scenarios;

import java.io.File;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;

/** A test opens a channel, hands it to a library that wraps it, and never closes it. */
public class ChannelHandedToALibrary {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        readFirstByte(file);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    private static void readFirstByte(File file) throws Exception {
        SeekableByteChannel channel = Files.newByteChannel(file.toPath()); // @leak opened
        OnceReader.firstByte(channel);
    }
}
