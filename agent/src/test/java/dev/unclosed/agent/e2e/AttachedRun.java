package dev.unclosed.agent.e2e;

import com.sun.tools.attach.VirtualMachine;
import dev.unclosed.cli.AttachJar;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent attached to a running scenario, through an {@link AttachJar} as the {@code attach} command does: the scenario prints {@code ready PID} and waits for a line on its standard
 * input; the agent is loaded into it, then the scenario is told to go on and awaited.
 */
final class AttachedRun {

    private AttachedRun() {
    }

    /**
     * Attaches the built agent with {@code options} to {@code target} once it is ready, then lets it finish.
     * {@code stderr}: where the target's error output goes, shown if it never gets ready.
     */
    static void attachThenGo(Process target, String options, Path stderr) throws Exception {
        String ready = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(ready).as("stderr: " + Files.readString(stderr)).startsWith("ready ");
        VirtualMachine vm = VirtualMachine.attach(ready.substring("ready ".length()));
        Path attachJar = AttachJar.write(AgentRun.agentJar().toFile()); // as the attach command does
        try {
            vm.loadAgent(attachJar.toString(), options);
        } finally {
            vm.detach();
            AttachJar.delete(attachJar);
        }
        try (OutputStream in = target.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(target.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
