package dev.unclosed.scenarios;

import java.io.FileInputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Objects of internal JDK classes, made by public factories, dropped without close(); and one of a public class. */
public class PublicApis {
    public static void main(String[] args) throws Exception {
        Path file = Scratch.file("data.txt").toPath();
        Files.newDirectoryStream(Path.of(".")).iterator().hasNext(); // @leak newDirectoryStream
        FileChannel.open(file, StandardOpenOption.READ).size(); // @leak channelOpen
        Selector.open().keys(); // @leak selector
        new FileInputStream(file.toFile()).read(); // @leak fileInputStream
    }
}
