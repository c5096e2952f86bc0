package dev.unclosed.bench;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.UUID;

/**
 * Hello-world with what a test JVM usually has at its end, for the start-up rows' per-JVM cost beyond the smallest
 * program: {@code uuid} makes a random UUID (SecureRandom then keeps /dev/urandom open for the JVM's life);
 * {@code leak} also drops a buffered FileInputStream unclosed, one finding for the agent to report at exit.
 */
public final class HelloAtExit {

    private HelloAtExit() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("hello " + UUID.randomUUID());
        if (args.length > 0 && args[0].equals("leak")) {
            File file = File.createTempFile("unclosed-bench-", ".txt");
            file.deleteOnExit();
            System.out.println(new BufferedInputStream(new FileInputStream(file)).available());
        }
    }
}
