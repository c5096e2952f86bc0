import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A build step, run by the agent's and the bench's poms at {@code package}: sets {@code ACC_VARARGS} on an agent
 * class's {@code premain} and {@code agentmain} in the jar built, which the compiler cannot do for methods whose last
 * parameter is not an array.
 *
 * <p>Why: the JDK starts an agent by calling its {@code premain} through core reflection, which since Java 18 builds
 * a method handle for the call unless the method is flagged so, and spins about seven classes for it: 16 ms of the
 * start of a JVM whose agent does nothing else (Java 25), 4 to 7 ms of unclosed's, whose opening of java.base's
 * packages right after builds much of the same machinery anyway. The flag is the JDK's own reason to call through its
 * native accessor instead (a method handle of a variable-arity method needs an array last); nothing else reads it at
 * run time. Done on the jar only: {@code javac} refuses to compile against a class file flagged so.
 *
 * <p>Usage: {@code java MarkEntryPointsVarargs.java JAR CLASS_ENTRY METHOD...}. The jar is rewritten in place with
 * every entry in its order, with its time and its method (stored entries stored, deflated ones deflated anew);
 * exits 1, failing the build, when the class or a method
 * named is missing or a method ends in an array parameter.
 */
public final class MarkEntryPointsVarargs {

    private static final int ACC_VARARGS = 0x0080;

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java MarkEntryPointsVarargs.java JAR CLASS_ENTRY METHOD...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String classEntry = args[1];
        Set<String> wanted = new LinkedHashSet<>(List.of(args).subList(2, args.length));
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".flagged");
        boolean found = false;
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] content;
                try (InputStream stream = in.getInputStream(entry)) {
                    content = stream.readAllBytes();
                }
                ZipEntry copy = new ZipEntry(entry);
                if (entry.getName().equals(classEntry)) {
                    try {
                        mark(content, wanted);
                    } catch (IllegalArgumentException e) {
                        System.err.println(jar + "!/" + classEntry + ": " + e.getMessage());
                        System.exit(1);
                    }
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    copy.setCrc(crc.getValue());
                    found = true;
                }
                if (copy.getMethod() == ZipEntry.DEFLATED) {
                    copy.setCompressedSize(-1); // compressed anew
                }
                out.putNextEntry(copy);
                out.write(content);
                out.closeEntry();
            }
        }
        if (!found) {
            Files.delete(rewritten);
            System.err.println(jar + ": no entry " + classEntry);
            System.exit(1);
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Flags every method of the class named in {@code wanted}; every name must be found, none may end in an array. */
    static void mark(byte[] bytes, Set<String> wanted) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.getInt(); // minor and major version
        Map<Integer, String> utf8 = new HashMap<>();
        int count = in.getShort() & 0xFFFF;
        for (int i = 1; i < count; i++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> {
                    int length = in.getShort() & 0xFFFF;
                    byte[] text = new byte[length];
                    in.get(text);
                    // modified UTF-8; read as UTF-8, which it is for every name this step compares
                    utf8.put(i, new String(text, StandardCharsets.UTF_8));
                }
                case 3, 4 -> in.position(in.position() + 4);
                case 5, 6 -> {
                    in.position(in.position() + 8);
                    i++; // takes two entries
                }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                case 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.position(in.position() + 6); // access flags, this class, super class
        int interfaces = in.getShort() & 0xFFFF;
        in.position(in.position() + 2 * interfaces);
        int fields = in.getShort() & 0xFFFF;
        for (int f = 0; f < fields; f++) {
            in.position(in.position() + 6);
            skipAttributes(in);
        }
        Set<String> found = new LinkedHashSet<>();
        int methods = in.getShort() & 0xFFFF;
        for (int m = 0; m < methods; m++) {
            int flagsAt = in.position();
            int flags = in.getShort() & 0xFFFF;
            String name = utf8.get(in.getShort() & 0xFFFF);
            String descriptor = utf8.get(in.getShort() & 0xFFFF);
            if (wanted.contains(name)) {
                String parameters = descriptor.substring(1, descriptor.indexOf(')'));
                if (parameters.isEmpty() || lastParameterIsArray(parameters)) {
                    throw new IllegalArgumentException(name + descriptor
                            + " has no parameter or ends in an array: the flag would make it variable-arity");
                }
                bytes[flagsAt] = (byte) ((flags | ACC_VARARGS) >>> 8);
                bytes[flagsAt + 1] = (byte) (flags | ACC_VARARGS);
                found.add(name);
            }
            skipAttributes(in);
        }
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no method named " + String.join(", ", missing));
        }
    }

    private static boolean lastParameterIsArray(String parameters) {
        int i = 0;
        boolean array = false;
        while (i < parameters.length()) {
            array = false;
            while (parameters.charAt(i) == '[') {
                array = true;
                i++;
            }
            i = parameters.charAt(i) == 'L' ? parameters.indexOf(';', i) + 1 : i + 1;
        }
        return array;
    }

    private static void skipAttributes(ByteBuffer in) {
        int attributes = in.getShort() & 0xFFFF;
        for (int a = 0; a < attributes; a++) {
            in.position(in.position() + 2);
            int length = in.getInt();
            in.position(in.position() + length);
        }
    }
}
