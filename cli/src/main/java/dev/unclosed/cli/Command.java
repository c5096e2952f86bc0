package dev.unclosed.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand: its name, its help text, and what it does with its arguments. */
interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** The full text that {@code COMMAND --help} prints. */
    String help();

    /** Returns the exit code; bad usage and bad input are thrown, and turned into exit codes by {@link Main}. */
    int run(List<String> args, PrintStream out) throws UsageException, InputException;
}
