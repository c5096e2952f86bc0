package dev.unclosed.agent.reporting;

import dev.unclosed.agent.ClassFiles;
import dev.unclosed.report.Frame;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Leak ids: the same leak (type, kind and allocation site) gets the same id in every run, and allocation sites on
 * different lines never share one. A site that leaks both as {@code gc} and as {@code exit} has an id for each,
 * since the two fail CI differently. Raw line numbers would change whenever lines are added above a leak, so a site
 * is named by its class, its method and the rank of its line among the lines of that method in the class file,
 * which blank lines and edits elsewhere in the file leave alone. Where the class file cannot be read, the raw line
 * number stands in.
 */
final class Fingerprints {

    private final Function<String, ClassLoader> loaders;
    /** class name -> method name -> the method's distinct line numbers; an empty map when unreadable. */
    private final Map<String, Map<String, TreeSet<Integer>>> lineTables = new HashMap<>();
    /**
     * class name -> for each line where one of its constructors returns, the line of that constructor's super(...)
     * or this(...) call. Read with the line tables.
     */
    private final Map<String, Map<Integer, Integer>> superCallLines = new HashMap<>();

    Fingerprints(Function<String, ClassLoader> loaders) {
        this.loaders = loaders;
    }

    String idOf(String type, String kind, Frame site) {
        StringBuilder key = new StringBuilder().append(type).append('|').append(kind);
        if (site != null) {
            key.append('|').append(site.className()).append('|').append(site.methodName()).append('|');
            int rank = lineRank(site);
            key.append(rank >= 0 ? "#" + rank : "L" + site.lineNumber());
        }
        return sha256(key.toString()).substring(0, 16);
    }

    /** The rank of the site's line among its method's lines (all overloads of that name), or -1. */
    int lineRank(Frame site) {
        if (site.lineNumber() <= 0) {
            return -1;
        }
        TreeSet<Integer> lines = lineTablesOf(site.className()).get(site.methodName());
        if (lines == null || !lines.contains(site.lineNumber())) {
            return -1;
        }
        return lines.headSet(site.lineNumber()).size();
    }

    /**
     * For a frame of a constructor at one of its returns (where the agent saw the object constructed), the same frame
     * at the constructor's super(...) or this(...) call: the line that made the object, not its closing brace.
     * Any other frame as it is.
     */
    Frame atSuperCall(Frame frame) {
        if (!"<init>".equals(frame.methodName()) || frame.lineNumber() <= 0) {
            return frame;
        }
        lineTablesOf(frame.className());
        Integer line = superCallLines.getOrDefault(frame.className(), Map.of()).get(frame.lineNumber());
        return line == null || line <= 0 ? frame : new Frame(frame.className(), frame.methodName(), frame.fileName(), line);
    }

    /**
     * Read once per class. Not computeIfAbsent with a method reference: each lambda's first use spins a class, here
     * when the first leak is reported (on the collector's heels, or at exit).
     */
    private Map<String, TreeSet<Integer>> lineTablesOf(String className) {
        Map<String, TreeSet<Integer>> tables = lineTables.get(className);
        if (tables == null) {
            tables = readLineTables(className);
            lineTables.put(className, tables);
        }
        return tables;
    }

    private Map<String, TreeSet<Integer>> readLineTables(String className) {
        Map<String, TreeSet<Integer>> tables = new HashMap<>();
        Map<Integer, Integer> superCalls = new HashMap<>();
        superCallLines.put(className, superCalls);
        ClassLoader loader = loaders.apply(className);
        String resource = className.replace('.', '/') + ".class";
        try {
            byte[] classFile = ClassFiles.read(loader, resource);
            if (classFile == null) {
                return tables;
            }
            new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    TreeSet<Integer> known = tables.get(name);
                    if (known == null) {
                        known = new TreeSet<>();
                        tables.put(name, known);
                    }
                    TreeSet<Integer> lines = known;
                    boolean constructor = "<init>".equals(name);
                    return new MethodVisitor(Opcodes.ASM9) {
                        int line;
                        /** new T pending their constructor call: the first <init> call with none pending is super/this. */
                        int pendingNews;
                        int superCallLine = -1;

                        @Override
                        public void visitLineNumber(int line, Label start) {
                            lines.add(line);
                            this.line = line;
                        }

                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            if (opcode == Opcodes.NEW) {
                                pendingNews++;
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                            if (constructor && opcode == Opcodes.INVOKESPECIAL && "<init>".equals(method)) {
                                if (pendingNews > 0) {
                                    pendingNews--;
                                } else if (superCallLine < 0) {
                                    superCallLine = line;
                                }
                            }
                        }

                        @Override
                        public void visitInsn(int opcode) {
                            if (constructor && opcode == Opcodes.RETURN && superCallLine > 0 && line > 0) {
                                superCalls.putIfAbsent(line, superCallLine);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        } catch (Exception | LinkageError e) {
            tables.clear();
            superCalls.clear();
        }
        return tables;
    }

    static String sha256(String text) {
        byte[] digest = Sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
