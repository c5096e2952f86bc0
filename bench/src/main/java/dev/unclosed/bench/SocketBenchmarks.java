package dev.unclosed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** A TCP connect and close on the loopback interface, against a server in the same JVM that accepts and closes. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketBenchmarks {

    /** Listens on 127.0.0.1 only, on a free port; one daemon thread accepts until the trial ends. */
    @State(Scope.Benchmark)
    public static class LoopbackServer {
        ServerSocket server;
        InetSocketAddress address;
        private Thread acceptor;

        @Setup(Level.Trial)
        public void start() throws IOException {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            server = new ServerSocket(0, 1024, loopback);
            // Wakes accept() now and then, so the thread notices the end of the trial even if close() raced it.
            server.setSoTimeout(200);
            address = new InetSocketAddress(loopback, server.getLocalPort());
            acceptor = new Thread(this::acceptUntilClosed, "bench-loopback-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptUntilClosed() {
            while (!server.isClosed()) {
                try {
                    // Nothing to say: the benchmark measures the connection's life cycle, not traffic.
                    server.accept().close();
                } catch (SocketTimeoutException e) {
                    // check whether the trial is over
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException, InterruptedException {
            server.close();
            acceptor.join(5_000);
        }
    }

    @Benchmark
    public boolean connectClose(LoopbackServer server) throws IOException {
        try (Socket socket = new Socket()) {
            // Reset instead of the FIN handshake, so no TIME_WAIT is left behind: hundreds of thousands of
            // connections a run would otherwise exhaust the ephemeral ports.
            socket.setSoLinger(true, 0);
            socket.connect(server.address, 5_000);
            return socket.isConnected();
        }
    }
}
