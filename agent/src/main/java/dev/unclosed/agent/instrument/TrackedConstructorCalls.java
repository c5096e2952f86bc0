package dev.unclosed.agent.instrument;

import org.objectweb.asm.ClassReader;

import java.nio.charset.StandardCharsets;
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
        ConstantPool pool = ConstantPool.of(classfile);
        if (pool == null) {
            throw new IllegalArgumentException("a constant pool item has a tag this agent does not know");
        }
        boolean[] items = null;
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) != ConstantPool.METHODREF) {
                continue;
            }
            int methodref = pool.contents(i); // class_index, name_and_type_index
            int nameAndType = pool.contentsOfItemAt(methodref + 2); // name_index, descriptor_index
            if (!pool.utf8Equals(pool.contentsOfItemAt(nameAndType), INIT)) {
                continue;
            }
            String owner = pool.utf8(pool.contentsOfItemAt(pool.contentsOfItemAt(methodref)));
            if (!owner.startsWith("[") && tracked.test(owner)) {
                if (items == null) {
                    items = new boolean[pool.count()];
                }
                items[i] = true;
            }
        }
        return items;
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
