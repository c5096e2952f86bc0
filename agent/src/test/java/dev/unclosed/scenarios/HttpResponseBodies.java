package dev.unclosed.scenarios;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;

/**
 * HttpURLConnection against a local server whose bodies are 8 KiB, with a fixed length ({@code /fixed}) or chunked
 * ({@code /chunked}). The JDK keeps each connection's socket in its keep-alive cache for the next request; what the
 * user holds, and must read to the end or close, is the body's stream. The argument picks what the user does.
 */
public class HttpResponseBodies {

    private static final byte[] BODY = new byte[8192];

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/fixed", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0: length unknown, chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            switch (args[0]) {
                case "readAndClosed" -> readAndClosed(base);
                case "readToTheEnd" -> readToTheEnd(base);
                case "halfReadAndClosed" -> halfReadAndClosed(base);
                case "halfReadAndDropped" -> {
                    halfReadAndDropped(base);
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(100);
                    }
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        } finally {
            server.stop(0);
        }
    }

    /** As the Javadoc asks: each body read fully and closed, several requests over the cached connection. */
    static void readAndClosed(String base) throws IOException {
        for (String path : new String[]{"/fixed", "/fixed", "/chunked", "/chunked"}) {
            HttpURLConnection connection = open(base + path);
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
        }
        HttpURLConnection connection = open(base + "/fixed");
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
        connection.disconnect();
    }

    /** Bodies read to their end and never closed: the end released the connection. */
    static void readToTheEnd(String base) throws IOException {
        for (String path : new String[]{"/fixed", "/chunked"}) {
            open(base + path).getInputStream().readAllBytes();
        }
    }

    static void halfReadAndClosed(String base) throws IOException {
        for (String path : new String[]{"/fixed", "/chunked"}) {
            InputStream in = open(base + path).getInputStream();
            in.read(new byte[16]);
            in.close();
        }
    }

    /** A few bytes read of the body, then the stream and the connection dropped: the user's leak. */
    static void halfReadAndDropped(String base) throws IOException {
        HttpURLConnection connection = open(base + "/fixed");
        InputStream in = connection.getInputStream(); // @leak dropped
        in.read(new byte[16]);
    }

    private static HttpURLConnection open(String url) throws IOException {
        return (HttpURLConnection) new URL(url).openConnection();
    }
}
