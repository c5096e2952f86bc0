package dev.unclosed.agent.instrument;

import org.objectweb.asm.ClassReader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a class calls the constructor of a tracked class, found in its class file without visiting its code with
 * ASM: every {@code new T(...)} names {@code T.<init>} in the constant pool, and an {@code invokespecial} of that
 * constant in the code of the method that makes it. Most classes make no closeable, and most methods of those that
 * do make none: only those methods need their call sites marked, the others are copied as they are.
 */
final class TrackedConstructorCalls {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_INTEGER = 3;
    private static final int CONSTANT_FLOAT = 4;
    private static final int CONSTANT_LONG = 5;
    private static final int CONSTANT_DOUBLE = 6;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_STRING = 8;
    private static final int CONSTANT_FIELDREF = 9;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_NAME_AND_TYPE = 12;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    private static final int CONSTANT_METHOD_TYPE = 16;
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;
    private static final int CONSTANT_MODULE = 19;
    private static final int CONSTANT_PACKAGE = 20;
    private static final byte[] INIT = "<init>".getBytes(StandardCharsets.US_ASCII);
    private static final int INVOKESPECIAL = 0xB7;

    private TrackedConstructorCalls() {
    }

    /**
     * The constant pool items that are constructors of tracked classes, as flags by item index; null if there are
     * none. Read from the class file's bytes without ASM: most classes of an application call no tracked
     * constructor, and for those a {@link ClassReader} (its tables of every item, its strings, and for a class
     * with lambdas a walk over all its attributes) was most of the cost of looking.
     */
    static boolean[] in(byte[] classfile, Predicate<String> tracked) {
        int count = u2(classfile, 8);
        int[] offsets = new int[count];
        int[] methodrefs = new int[16];
        int methodrefCount = 0;
        int offset = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = offset;
            int tag = classfile[offset];
            switch (tag) {
                case CONSTANT_UTF8 -> offset += 3 + u2(classfile, offset + 1);
                case CONSTANT_METHODREF -> {
                    if (methodrefCount == methodrefs.length) {
                        methodrefs = Arrays.copyOf(methodrefs, methodrefCount * 2);
                    }
                    methodrefs[methodrefCount++] = i;
                    offset += 5;
                }
                case CONSTANT_INTEGER, CONSTANT_FLOAT, CONSTANT_FIELDREF, CONSTANT_INTERFACE_METHODREF,
                        CONSTANT_NAME_AND_TYPE, CONSTANT_DYNAMIC, CONSTANT_INVOKE_DYNAMIC -> offset += 5;
                case CONSTANT_LONG, CONSTANT_DOUBLE -> {
                    offset += 9;
                    i++; // takes two items
                }
                case CONSTANT_CLASS, CONSTANT_STRING, CONSTANT_METHOD_TYPE, CONSTANT_MODULE, CONSTANT_PACKAGE -> offset += 3;
                case CONSTANT_METHOD_HANDLE -> offset += 4;
                default -> throw new IllegalArgumentException("constant pool item " + i + " has an unknown tag " + tag);
            }
        }
        boolean[] items = null;
        for (int m = 0; m < methodrefCount; m++) {
            int item = methodrefs[m];
            int nameAndType = offsets[u2(classfile, offsets[item] + 3)];
            if (!isInit(classfile, offsets[u2(classfile, nameAndType + 1)])) {
                continue;
            }
            String owner = utf8(classfile, offsets[u2(classfile, offsets[u2(classfile, offsets[item] + 1)] + 1)]);
            if (!owner.startsWith("[") && tracked.test(owner)) {
                if (items == null) {
                    items = new boolean[count];
                }
                items[item] = true;
            }
        }
        return items;
    }

    private static boolean isInit(byte[] b, int utf8) {
        return u2(b, utf8 + 1) == INIT.length && Arrays.equals(b, utf8 + 3, utf8 + 3 + INIT.length, INIT, 0, INIT.length);
    }

    /** A CONSTANT_Utf8 item's text: modified UTF-8, as class names are written (mostly ASCII). */
    private static String utf8(byte[] b, int offset) {
        int length = u2(b, offset + 1);
        int start = offset + 3;
        int end = start + length;
        for (int i = start; i < end; i++) {
            if (b[i] < 0) {
                return modifiedUtf8(b, start, end);
            }
        }
        return new String(b, start, length, StandardCharsets.ISO_8859_1);
    }

    private static String modifiedUtf8(byte[] b, int start, int end) {
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

    private static int u2(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    /**
     * The methods (name and descriptor, concatenated) whose code may call one of these constructors. A byte that
     * only looks like such a call (inside another instruction's operands) adds a method that needs nothing: it is
     * then marked for nothing, never missed.
     */
    static Set<String> methodsCalling(ClassReader reader, boolean[] constructors) {
        Set<String> found = new HashSet<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        int fields = reader.readUnsignedShort(offset);
        offset += 2;
        for (int f = 0; f < fields; f++) {
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        for (int m = 0; m < methods; m++) {
            String name = reader.readUTF8(offset + 2, buffer);
            String descriptor = reader.readUTF8(offset + 4, buffer);
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                int length = reader.readInt(offset + 2);
                if ("Code".equals(reader.readUTF8(offset, buffer)) && calls(reader, offset + 14, reader.readInt(offset + 10), constructors)) {
                    found.add(name + descriptor);
                }
                offset += 6 + length;
            }
        }
        return found;
    }

    private static boolean calls(ClassReader reader, int code, int length, boolean[] constructors) {
        for (int i = code; i + 2 < code + length; i++) {
            if (reader.readByte(i) == INVOKESPECIAL) {
                int item = reader.readUnsignedShort(i + 1);
                if (item < constructors.length && constructors[item]) {
                    return true;
                }
            }
        }
        return false;
    }
}
