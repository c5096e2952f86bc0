package dev.unclosed.demo;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Four ways to use a resource, three of them wrong. Run it under the agent (make demo) and each wrong one is
 * reported with the line that opened it; the right one is not.
 */
public final class DemoApp {

    /** Kept open on purpose until the JVM exits: reported as still open at exit. */
    static OutputStream auditLog;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("unclosed-demo");
        Path config = Files.writeString(dir.resolve("app.conf"), "greeting=hello\nlimit=3\n");

        // 1. A handler that opens its file in the constructor and is never closed: collected, a "gc" leak.
        for (int i = 0; i < 3; i++) {
            FileHandler handler = new FileHandler(config);
            System.out.println("config says: " + handler.firstLine());
        }

        // 2. A socket on loopback that is used and dropped: a "gc" leak.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            client.getOutputStream().write('!');
            try (Socket accepted = server.accept(); InputStream in = accepted.getInputStream()) {
                System.out.println("server received: " + (char) in.read());
            }
        }

        // 3. Done right: try-with-resources closes the reader, so nothing is reported.
        try (BufferedReader reader = Files.newBufferedReader(config)) {
            System.out.println("lines in config: " + reader.lines().count());
        }

        // 4. A stream kept in a static field and still open at exit: an "exit" leak.
        auditLog = new FileOutputStream(dir.resolve("audit.log").toFile());
        auditLog.write("demo ran\n".getBytes());

        System.gc(); // the JVM may collect at any time; asking makes the demo's output the same on every run
        System.out.println("demo done; the agent reports at exit");
    }

    private DemoApp() {
    }
}
