package dev.unclosed.agent.instrument;

import org.objectweb.asm.ClassReader;

import java.util.Arrays;

/**
 * Where an instrumented class holds its call sites' ids: the {@code CONSTANT_Integer} entries its
 * {@code Hooks.site(id, T.class)} calls load. The instrumentation writes placeholder values there, chosen among
 * those the original class does not hold (the writer shares equal constants); the placeholders are then found by
 * value and given this JVM's ids. A kept copy (see {@link InstrumentedClassFiles}) records where they are, and a
 * later JVM gives them ids of its own: application code is instrumented once per machine, not once per JVM.
 */
final class SiteIdSlots {

    /** Placeholders count up from here, skipping values of the original class's constants. */
    private static final int FIRST_PLACEHOLDER = 0x7E57_1D00;


    /** Gives out ids, one per slot, in order. */
    interface Ids {
        int next();
    }

    private final int[] taken;
    private int[] placeholders = new int[4];
    private int count;

    /** For a class whose {@code CONSTANT_Integer} values are those of {@code reader}'s constant pool. */
    SiteIdSlots(ClassReader reader) {
        int[] values = new int[8];
        int n = 0;
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset != 0 && reader.readByte(offset - 1) == ConstantPool.INTEGER) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = reader.readInt(offset);
            }
        }
        taken = Arrays.copyOf(values, n);
        Arrays.sort(taken);
    }

    /** A new placeholder, distinct from the others and from the class's own constants. */
    int placeholder() {
        int candidate = count == 0 ? FIRST_PLACEHOLDER : placeholders[count - 1] + 1;
        while (Arrays.binarySearch(taken, candidate) >= 0) {
            candidate++;
        }
        if (count == placeholders.length) {
            placeholders = Arrays.copyOf(placeholders, count * 2);
        }
        placeholders[count++] = candidate;
        return candidate;
    }

    int count() {
        return count;
    }

    /**
     * The offsets of the placeholders' values in {@code classFile}, in the order they were given out; null if one
     * is not there as a constant of its own (never so for ASM's output).
     */
    int[] offsetsIn(byte[] classFile) {
        ConstantPool pool = ConstantPool.of(classFile);
        if (pool == null) {
            return null;
        }
        int[] offsets = new int[count];
        int found = 0;
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.INTEGER) {
                int at = pool.contents(i);
                int slot = indexOf(pool.u4(at));
                if (slot >= 0) {
                    if (offsets[slot] != 0) {
                        return null;
                    }
                    offsets[slot] = at;
                    found++;
                }
            }
        }
        return found == count ? offsets : null;
    }

    /** Which placeholder {@code value} is (they ascend), or -1. */
    private int indexOf(int value) {
        int slot = Arrays.binarySearch(placeholders, 0, count, value);
        return slot < 0 ? -1 : slot;
    }

    /** Writes a fresh id into each slot, in order. */
    static void assign(byte[] classFile, int[] offsets, Ids ids) {
        for (int offset : offsets) {
            int id = ids.next();
            classFile[offset] = (byte) (id >>> 24);
            classFile[offset + 1] = (byte) (id >>> 16);
            classFile[offset + 2] = (byte) (id >>> 8);
            classFile[offset + 3] = (byte) id;
        }
    }
}
