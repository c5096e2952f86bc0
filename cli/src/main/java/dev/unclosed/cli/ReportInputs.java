package dev.unclosed.cli;

import dev.unclosed.report.InvalidReportException;
import dev.unclosed.report.IoProblems;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.report.ReportMerge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Turns REPORT operands into report files and reads them. An operand is a file; a directory, standing for
 * every {@code *.json} directly inside it (a build with forked JVMs leaves one report per fork there); or a
 * glob pattern, expanded here because a quoted pattern reaches us unexpanded (and Windows shells never expand).
 * Every operand must yield at least one file: a build that wrote no report must not pass as a clean one.
 */
final class ReportInputs {

    /** The files read, in operand order, and their reports merged ({@link ReportMerge}). */
    record Inputs(List<Path> files, LeakReport merged) {
    }

    static final String HELP = """
            REPORT is a report file, a directory (every *.json file directly inside it, not in
            subdirectories), or a glob pattern such as 'target/unclosed/*.json' or '**/unclosed/*.json'
            (quote it; it is expanded relative to the current directory). A file named twice is read once.
            """;

    private ReportInputs() {
    }

    static Inputs read(List<String> operands) throws InputException {
        List<Path> files = resolve(operands);
        // Merged as they are read, in order: the reports of thousands of forks are never all in memory at once.
        // Parsing is most of the time, and each file parses alone: a few are parsed ahead on other cores.
        ReportMerge.Merger merger = new ReportMerge.Merger();
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        if (threads < 2 || files.size() < 2) {
            for (Path file : files) {
                merger.add(readOne(file));
            }
            return new Inputs(files, merger.result());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "unclosed-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<LeakReport>> ahead = new ArrayDeque<>();
            for (Path file : files) {
                ahead.add(pool.submit(() -> readOne(file)));
                if (ahead.size() > 2 * threads) {
                    merger.add(next(ahead));
                }
            }
            while (!ahead.isEmpty()) {
                merger.add(next(ahead));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Inputs(files, merger.result());
    }

    private static LeakReport readOne(Path file) throws InputException {
        try {
            return ReportFiles.read(file);
        } catch (InvalidReportException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** The next report in operand order; the first bad one, in that order, is the one said. */
    private static LeakReport next(Deque<Future<LeakReport>> ahead) throws InputException {
        try {
            return ahead.poll().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InputException input) {
                throw input;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading reports", e);
        }
    }

    static List<Path> resolve(List<String> operands) throws InputException {
        Map<Path, Path> files = new LinkedHashMap<>();
        for (String operand : operands) {
            for (Path file : expand(operand)) {
                files.putIfAbsent(file.toAbsolutePath().normalize(), file);
            }
        }
        return new ArrayList<>(files.values());
    }

    private static List<Path> expand(String operand) throws InputException {
        if (isGlob(operand)) {
            return glob(operand);
        }
        Path path = Path.of(operand);
        if (Files.isDirectory(path)) {
            List<Path> reports = list(path, 1, file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
            if (reports.isEmpty()) {
                throw new InputException(path, "directory has no *.json report (only files directly inside it are read)");
            }
            return reports;
        }
        if (!Files.exists(path)) {
            throw new InputException(path, "no such file or directory");
        }
        return List.of(path);
    }

    static boolean isGlob(String operand) {
        return operand.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Walks from the pattern's fixed leading directories, as deep as the pattern reaches, and matches the rest. */
    private static List<Path> glob(String pattern) throws InputException {
        String normalized = pattern.replace('\\', '/');
        int firstMeta = 0;
        while (!isGlob(normalized.substring(firstMeta, firstMeta + 1))) {
            firstMeta++;
        }
        int slash = normalized.lastIndexOf('/', firstMeta);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : normalized.substring(0, slash));
        String rest = normalized.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new InputException(pattern + ": no file matches this pattern (" + base + " is not a directory)");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        } catch (IllegalArgumentException e) {
            throw new InputException(pattern + ": not a valid glob pattern (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        int depth = rest.contains("**") ? Integer.MAX_VALUE : (int) rest.chars().filter(c -> c == '/').count() + 1;
        List<Path> matches = list(base, depth, file -> matcher.matches(base.relativize(file)));
        if (matches.isEmpty()) {
            throw new InputException(pattern + ": no file matches this pattern");
        }
        return matches.stream().map(Path::normalize).toList();
    }

    private static List<Path> list(Path dir, int depth, java.util.function.Predicate<Path> accept) throws InputException {
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return walk.filter(Files::isRegularFile).filter(accept).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new InputException(dir, "no such file or directory");
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(dir, "cannot list: " + IoProblems.describe(e));
        }
    }
}
