package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Results of the NIO factories, dropped without close(): one finding each, at the user's line. */
public class NioLeaks {
    public static void main(String[] args) throws Exception {
        Path file = Scratch.file("data.txt").toPath();
        Path dir = Path.of(".");
        Files.newInputStream(file).read(); // @leak newInputStream
        Files.newOutputStream(Path.of("out.txt")).write(1); // @leak newOutputStream
        Files.newBufferedReader(file).readLine(); // @leak newBufferedReader
        Files.newBufferedWriter(Path.of("out2.txt")).write("x"); // @leak newBufferedWriter
        Files.lines(file).findFirst(); // @leak lines
        Files.list(dir).findFirst(); // @leak list
        Files.walk(dir).findFirst(); // @leak walk
        DirectoryStream<Path> entries = Files.newDirectoryStream(dir); // @leak newDirectoryStream
        entries.iterator().hasNext();
        FileChannel.open(file, StandardOpenOption.READ).size(); // @leak channelOpen
        new FileInputStream(file.toFile()).getChannel().size(); // @leak getChannel
    }
}
