package dev.unclosed.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentPackagesTest {

    @Test
    void unclosedsOwnPackagesAreItsByBinaryAndInternalName() {
        for (String prefix : AgentPackages.PREFIXES) {
            String binary = prefix + "Some";
            assertThat(AgentPackages.contains(binary)).as(binary).isTrue();
            assertThat(AgentPackages.containsInternal(binary.replace('.', '/'))).as(binary).isTrue();
        }
        assertThat(AgentPackages.contains("dev.unclosed.shaded.asm.ClassReader")).isTrue();
    }

    @Test
    void anApplicationUnderDevUnclosedIsNotTheAgents() {
        for (String name : new String[] {"dev.unclosed.demo.Main", "dev.unclosed.Agentless", "dev.unclosed.agents.X",
                "dev.unclosed.agent", "dev.unclosedx.agent.X", "devx.unclosed.agent.X", "dev", "", "org.dev.unclosed.agent.X"}) {
            assertThat(AgentPackages.contains(name)).as(name).isFalse();
            assertThat(AgentPackages.containsInternal(name.replace('.', '/'))).as(name).isFalse();
        }
        assertThat(AgentPackages.containsInternal("dev.unclosed.agent.X")).as("dots are no internal name").isFalse();
        assertThat(AgentPackages.contains("dev/unclosed/agent/X")).as("slashes are no binary name").isFalse();
    }
}
