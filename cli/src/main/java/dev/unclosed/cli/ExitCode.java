package dev.unclosed.cli;

/** The process exit codes, documented in every command's help and in docs/cli.md. */
final class ExitCode {

    /** Nothing fails: no leak fails the check, or the command did what it was asked. */
    static final int OK = 0;
    /** Leaks fail the check. */
    static final int LEAKS = 1;
    /** An input cannot be used (missing, empty, truncated, not JSON, wrong types, unknown version). */
    static final int BAD_INPUT = 2;
    /** The command line is wrong: unknown command or option, missing value, bad number. */
    static final int BAD_USAGE = 3;
    /** An output file cannot be written (a directory, a directory that cannot be made, no permission). */
    static final int CANNOT_WRITE = 4;

    static final String HELP = """
            Exit codes:
              0  nothing fails
              1  leaks fail the check (check only)
              2  an input cannot be used (missing, empty, truncated, not JSON, wrong types,
                 unknown schemaVersion, a directory without reports, a glob matching nothing);
                 one line on stderr names the file
              3  bad usage: unknown command or option, missing option value, bad number
              4  an output cannot be written; one line on stderr names the file and what to do
            """;

    /** The exit codes of attach and report. */
    static final String HELP_ATTACH = """
            Exit codes:
              0  done (for attach: loaded, or loaded already)
              2  no such process, or it cannot be attached to, or (report) its agent wrote no report
              3  bad usage, or agent options the agent refused (the program runs on without it)
              4  the report file cannot be written
            """;

    /** The exit codes of commands that never fail on leaks (baseline, merge). */
    static final String HELP_WITHOUT_LEAK_FAILURES = HELP.replace("  1  leaks fail the check (check only)\n", "");

    private ExitCode() {
    }
}
