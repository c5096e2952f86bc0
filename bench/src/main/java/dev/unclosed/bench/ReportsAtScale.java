package dev.unclosed.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the reports of a large forked test run, for timing {@code check} and {@code merge} on them: {@code N}
 * reports of {@code F} findings each, half of them found in every fork (the same ids, stacks and tests, as a
 * leak in shared set-up code is) and half found in that fork alone; each with a 20-frame stack, one path and one
 * test. Usage: {@code ReportsAtScale DIR N F}.
 */
public final class ReportsAtScale {

    private static final int FRAMES = 20;

    private ReportsAtScale() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        int reports = Integer.parseInt(args[1]);
        int findings = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        for (int r = 0; r < reports; r++) {
            try (Writer out = Files.newBufferedWriter(dir.resolve(String.format("fork-%05d.json", r)), StandardCharsets.UTF_8)) {
                writeReport(out, r, findings);
            }
        }
        System.out.println("reports=" + reports + " findings=" + findings + " dir=" + dir);
    }

    private static void writeReport(Writer out, int r, int findings) throws IOException {
        out.write("{\n  \"schemaVersion\" : 1,\n  \"tool\" : { \"name\" : \"unclosed\", \"version\" : \"0.1.0\" },\n"
                + "  \"jvm\" : { \"version\" : \"17.0.15\", \"vendor\" : \"Eclipse Adoptium\", \"pid\" : " + (10000 + r) + " },\n"
                + "  \"startedAt\" : \"2025-03-01T10:00:00Z\",\n  \"finishedAt\" : \"2025-03-01T10:05:00Z\",\n"
                + "  \"options\" : { \"report\" : \"target/unclosed/{pid}.json\" },\n"
                + "  \"summary\" : { \"tracked\" : 5000, \"closed\" : 4800, \"leaked\" : " + findings
                + ", \"openAtExit\" : 0, \"agentErrors\" : 0, \"sampleRate\" : 1 },\n  \"leaks\" : [ ");
        for (int f = 0; f < findings; f++) {
            // Even findings are the shared ones (the same in every fork), odd ones this fork's own.
            long key = f % 2 == 0 ? f : 1_000_000L * (r + 1) + f;
            if (f > 0) {
                out.write(", ");
            }
            writeFinding(out, key, r);
        }
        out.write(" ]\n}\n");
    }

    private static void writeFinding(Writer out, long key, int r) throws IOException {
        String cls = "com.acme.module" + (key % 37) + ".Service" + key;
        StringBuilder stack = new StringBuilder("[ ");
        for (int i = 0; i < FRAMES; i++) {
            if (i > 0) {
                stack.append(", ");
            }
            String frameClass = i == 0 ? "java.io.FileInputStream" : i == 1 ? cls : "com.acme.caller.Layer" + i + "Of" + (key % 101);
            stack.append("{ \"className\" : \"").append(frameClass).append("\", \"methodName\" : \"m").append(i)
                    .append("\", \"fileName\" : \"").append(frameClass.substring(frameClass.lastIndexOf('.') + 1))
                    .append(".java\", \"lineNumber\" : ").append(10 + i).append(" }");
        }
        stack.append(" ]");
        String site = "{ \"className\" : \"" + cls + "\", \"methodName\" : \"m1\", \"fileName\" : \"Service" + key
                + ".java\", \"lineNumber\" : 11 }";
        String test = "[engine:junit-jupiter]/[class:com.acme.Fork" + r + "Test]/[method:test" + key + "()]";
        out.write("{\n    \"id\" : \"" + String.format("%016x", key * 2654435761L) + "\",\n"
                + "    \"type\" : \"java.io.FileInputStream\",\n    \"kind\" : \"gc\",\n    \"count\" : 2,\n"
                + "    \"site\" : " + site + ",\n    \"stack\" : " + stack + ",\n"
                + "    \"owns\" : [ ],\n    \"thread\" : \"main\",\n    \"firstSeen\" : \"2025-03-01T10:00:0" + (r % 10) + "Z\",\n"
                + "    \"paths\" : [ { \"count\" : 2, \"complete\" : true, \"stack\" : " + stack + ", \"owned\" : [ ] } ],\n"
                + "    \"owned\" : [ ],\n"
                + "    \"tests\" : [ { \"id\" : \"" + test + "\", \"displayName\" : \"test" + key + "()\", \"className\" : \"com.acme.Fork"
                + r + "Test\", \"methodName\" : \"test" + key + "\", \"count\" : 2 } ]\n  }");
    }
}
