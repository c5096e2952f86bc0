package dev.unclosed.agent.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar unclosed-agent.jar ARGS...}, as a CI build runs it on the reports. */
record CheckRun(int exitCode, String stdout, String stderr) {

    static CheckRun of(String... arguments) throws IOException, InterruptedException {
        return withJvmOptions(List.of(), arguments);
    }

    /** The same, the JVM given {@code jvmOptions} before {@code -jar}. */
    static CheckRun withJvmOptions(List<String> jvmOptions, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", AgentRun.agentJar().toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("check", ".out");
        Path err = Files.createTempFile("check", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CheckRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
