package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Scanner;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Resources released without their own close() being called by the user: through a channel, a stream, an adaptor,
 * an owner, a stream pipeline's close. Released is closed: nothing to report.
 */
public class ClosedThroughAnotherPath {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");

        new FileInputStream(file).getChannel().close();
        new FileOutputStream(new File("out.txt")).getChannel().close();
        new RandomAccessFile(file, "r").getChannel().close();
        try (Scanner scanner = new Scanner(file)) {
            scanner.nextLine();
        }
        try (Stream<Path> entries = Files.list(Path.of("."))) {
            entries.count();
        }
        try (Stream<Path> tree = Files.walk(Path.of("."))) {
            tree.count();
        }
        try (Stream<String> lines = Files.lines(file.toPath())) {
            lines.count();
        }

        File zip = new File("data.zip");
        try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write('a');
        }
        ZipFile zipFile = new ZipFile(zip);
        zipFile.getInputStream(zipFile.getEntry("a.txt")).read();
        zipFile.close(); // closes the entry stream too

        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket accepted = server.accept();
            client.getOutputStream().write(1);
            accepted.getInputStream().read();
            client.getOutputStream().close(); // closes the client socket
            accepted.getInputStream().close(); // closes the accepted socket
        }

        ServerSocketChannel serverChannel = ServerSocketChannel.open();
        serverChannel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel clientChannel = SocketChannel.open(serverChannel.getLocalAddress());
        SocketChannel acceptedChannel = serverChannel.accept();
        clientChannel.socket().close(); // the adaptor closes its channel
        acceptedChannel.close();
        serverChannel.socket().close();
    }
}
