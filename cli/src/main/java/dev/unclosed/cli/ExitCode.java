package dev.unclosed.cli;

/** The process exit codes, documented in every command's help and in docs/cli.md. */
final class ExitCode {

    /** Nothing fails: no leak fails the check, or the command did what it was asked. */
    static final int OK = 0;
    /** Leaks fail the check. */
    static final int LEAKS = 1;
    /** An input cannot be used (missing, empty, truncated, not JSON, wrong types, unknown version), or an output cannot be written. */
    static final int BAD_INPUT = 2;
    /** The command line is wrong: unknown command or option, missing value, bad number. */
    static final int BAD_USAGE = 3;

    static final String HELP = """
            Exit codes:
              0  nothing fails
              1  leaks fail the check (check only)
              2  an input cannot be used (missing, empty, truncated, not JSON, wrong types,
                 unknown schemaVersion, a directory without reports, a glob matching nothing)
                 or an output cannot be written; one line on stderr names the file
              3  bad usage: unknown command or option, missing option value, bad number
            """;

    /** The exit codes of commands that never fail on leaks (baseline, merge). */
    static final String HELP_WITHOUT_LEAK_FAILURES = HELP.replace("  1  leaks fail the check (check only)\n", "");

    private ExitCode() {
    }
}
