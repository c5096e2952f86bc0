package dev.unclosed.agent.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scenario running in its own JVM, to be attached to, asked for reports, signalled or killed while it runs: the
 * test talks to it over its standard input and output; its stderr goes to a file.
 */
final class RunningJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Path directory;
    private final Path stderr;

    private RunningJvm(Process process, Path directory, Path stderr) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.directory = directory;
        this.stderr = stderr;
    }

    /** Starts {@code main} with the agent from the start if {@code agentOptions} is not null, else without it. */
    static RunningJvm start(Jdk jdk, Path directory, String agentOptions, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-XX:+EnableDynamicAgentLoading"));
        if (agentOptions != null) {
            command.add(AgentRun.suiteAgentFlag() + AgentRun.agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of("-cp", AgentRun.testClasses().toAbsolutePath().toString(), main.getName()));
        command.addAll(List.of(args));
        Path stderr = directory.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(stderr.toFile()).start();
        return new RunningJvm(process, directory, stderr);
    }

    long pid() {
        return process.pid();
    }

    Path directory() {
        return directory;
    }

    /** Waits for the next line of output and checks that it starts with {@code prefix}. */
    String awaitLine(String prefix) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new AssertionError("expected a line starting with '" + prefix + "', got " + line + "\nstderr:\n" + stderr());
        }
        return line;
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends a signal by name ({@code TERM}, {@code INT}) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** Waits for the program to end; returns its exit code. */
    int waitFor() throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end within 60 s\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** SIGKILL, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Whether a signal is ignored in the program (inherited so from whoever started the build): it cannot stop it. */
    boolean ignores(int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** {@code java -jar unclosed-agent.jar ARGS} on {@code jdk}: its exit code, standard output and error. */
    record Cli(int exitCode, String out, String err) {

        static Cli run(Jdk jdk, Path directory, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", AgentRun.agentJar().toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile(directory, "cli-out", ".txt");
            Path err = Files.createTempFile(directory, "cli-err", ".txt");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
