package dev.unclosed.agent.instrument;

import java.nio.charset.StandardCharsets;

/**
 * A class file's constant pool, read from its bytes: where each item starts and what it is. For the questions
 * asked of every class the application loads, where building ASM's {@code ClassReader} costs more than the answer.
 */
final class ConstantPool {

    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int FIELDREF = 9;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;
    static final int INVOKE_DYNAMIC = 18;
    static final int MODULE = 19;
    static final int PACKAGE = 20;

    private final byte[] classFile;
    /** Where each item's tag is, by index; 0 for index 0 and for the second slot of a long or double. */
    private final int[] offsets;

    /** Where the pool ends: the class's access flags, then its name, superclass and interfaces. */
    private final int end;

    private ConstantPool(byte[] classFile, int[] offsets, int end) {
        this.classFile = classFile;
        this.offsets = offsets;
        this.end = end;
    }

    /** The pool of {@code classFile}; null if an item has a tag this reader does not know. */
    static ConstantPool of(byte[] classFile) {
        int count = u2(classFile, 8);
        int[] offsets = new int[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = at;
            switch (classFile[at]) {
                case UTF8 -> at += 3 + u2(classFile, at + 1);
                case INTEGER, FLOAT, FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> at += 5;
                case LONG, DOUBLE -> {
                    at += 9;
                    i++; // takes two items
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> at += 3;
                case METHOD_HANDLE -> at += 4;
                default -> {
                    return null;
                }
            }
        }
        return new ConstantPool(classFile, offsets, at);
    }

    /** Where the class file goes on after the pool, with its access flags. */
    int end() {
        return end;
    }

    /** The internal name that the CONSTANT_Class item {@code item} gives; null for item 0 (Object's superclass). */
    String className(int item) {
        if (item == 0) {
            return null;
        }
        if (tag(item) != CLASS) {
            throw new IllegalArgumentException("item " + item + " is no class");
        }
        return utf8(contentsOfItemAt(contents(item)));
    }

    /** The two bytes at {@code at}, big-endian. */
    int u2(int at) {
        return u2(classFile, at);
    }

    /** How many items, as the class file counts them (index 0 included, never used). */
    int count() {
        return offsets.length;
    }

    /** The tag of item {@code item}; 0 for an index that starts no item. */
    int tag(int item) {
        int at = offsets[item];
        return at == 0 ? 0 : classFile[at];
    }

    /** Where item {@code item}'s contents start, after its tag. */
    int contents(int item) {
        return offsets[item] + 1;
    }

    /** The item that the two bytes at {@code at} name, its contents' start. */
    int contentsOfItemAt(int at) {
        return contents(u2(classFile, at));
    }

    /** Whether the CONSTANT_Utf8 item whose contents start at {@code utf8} holds exactly {@code ascii}. */
    boolean utf8Equals(int utf8, byte[] ascii) {
        if (u2(classFile, utf8) != ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (classFile[utf8 + 2 + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The text of the CONSTANT_Utf8 item whose contents start at {@code utf8}: modified UTF-8, mostly ASCII. */
    String utf8(int utf8) {
        int length = u2(classFile, utf8);
        int start = utf8 + 2;
        int end = start + length;
        for (int i = start; i < end; i++) {
            if (classFile[i] < 0) {
                return modifiedUtf8(start, end);
            }
        }
        return new String(classFile, start, length, StandardCharsets.ISO_8859_1);
    }

    private String modifiedUtf8(int start, int end) {
        byte[] b = classFile;
        char[] chars = new char[end - start];
        int n = 0;
        for (int i = start; i < end; ) {
            int c = b[i++] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
            } else if (c < 0xE0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (b[i++] & 0x3F));
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((b[i++] & 0x3F) << 6) | (b[i++] & 0x3F));
            }
        }
        return new String(chars, 0, n);
    }

    /** The four bytes at {@code at}, big-endian: a CONSTANT_Integer's value, for one. */
    int u4(int at) {
        byte[] b = classFile;
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
