package dev.unclosed.bench;

/** The smallest program there is, whose start-up time bench/run.sh measures with and without the agent. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
