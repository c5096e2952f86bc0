package dev.unclosed.report;

import java.util.Arrays;
import java.util.List;

/**
 * Equal frames and stacks read as one instance, found without making a frame or a list first: a run's reports
 * repeat the same frames and stacks thousands of times. Frames are looked up by their JSON text, and else by their
 * parts (the strings come from a {@link StringPool}, so mostly the same instances), stacks by the identity of their
 * frames. Not thread-safe, and bounded: a table starts afresh when full. A frame or stack not found is only kept
 * twice, never read wrong.
 */
final class FramePool {

    /** Tables below half of G1's smallest region, as {@link StringPool}'s. */
    private static final int MAX_FRAMES = 1 << 15;
    private static final int MAX_STACKS = 1 << 14;

    private Frame[] frames = new Frame[1 << 10];
    private int frameCount;
    private Object[][] stacks = new Object[1 << 8][];
    private int stackCount;
    /** Frames by the JSON text they were read from: [i] the text's hash (the tokenizer's), the text, the frame. */
    private int[] textHashes = new int[1 << 10];
    private byte[][] texts = new byte[1 << 10][];
    private Frame[] textFrames = new Frame[1 << 10];
    private int textCount;

    /** The frame read before from the JSON text {@code bytes[offset, end)}, whose hash is {@code hash}; or null. */
    Frame read(byte[] bytes, int offset, int end, int hash) {
        int mask = texts.length - 1;
        for (int slot = spread(hash) & mask; texts[slot] != null; slot = (slot + 1) & mask) {
            byte[] text = texts[slot];
            if (textHashes[slot] == hash && Arrays.equals(text, 0, text.length, bytes, offset, end)) {
                return textFrames[slot];
            }
        }
        return null;
    }

    /** Keeps {@code frame} as what the JSON text {@code bytes[offset, end)} reads as. */
    void readFrom(byte[] bytes, int offset, int end, int hash, Frame frame) {
        if (textCount >= MAX_FRAMES) {
            texts = new byte[texts.length][];
            textHashes = new int[texts.length];
            textFrames = new Frame[texts.length];
            textCount = 0;
        }
        putText(texts, textHashes, textFrames, Arrays.copyOfRange(bytes, offset, end), hash, frame);
        if (++textCount * 2 > texts.length && texts.length < 2 * MAX_FRAMES) {
            byte[][] oldTexts = texts;
            int[] oldHashes = textHashes;
            Frame[] oldFrames = textFrames;
            texts = new byte[oldTexts.length * 2][];
            textHashes = new int[oldTexts.length * 2];
            textFrames = new Frame[oldTexts.length * 2];
            for (int i = 0; i < oldTexts.length; i++) {
                if (oldTexts[i] != null) {
                    putText(texts, textHashes, textFrames, oldTexts[i], oldHashes[i], oldFrames[i]);
                }
            }
        }
    }

    private static void putText(byte[][] texts, int[] hashes, Frame[] frames, byte[] text, int hash, Frame frame) {
        int mask = texts.length - 1;
        int slot = spread(hash) & mask;
        while (texts[slot] != null) {
            slot = (slot + 1) & mask;
        }
        texts[slot] = text;
        hashes[slot] = hash;
        frames[slot] = frame;
    }

    Frame frame(String className, String methodName, String fileName, int lineNumber) {
        int hash = ((hash(className) * 31 + hash(methodName)) * 31 + hash(fileName)) * 31 + lineNumber;
        int mask = frames.length - 1;
        int slot = spread(hash) & mask;
        for (Frame known; (known = frames[slot]) != null; slot = (slot + 1) & mask) {
            if (known.lineNumber() == lineNumber && same(known.className(), className)
                    && same(known.methodName(), methodName) && same(known.fileName(), fileName)) {
                return known;
            }
        }
        Frame added = new Frame(className, methodName, fileName, lineNumber);
        if (frameCount >= MAX_FRAMES) {
            frames = new Frame[frames.length];
            frameCount = 0;
        }
        frames[slot] = added;
        if (++frameCount * 2 > frames.length && frames.length < 2 * MAX_FRAMES) {
            Frame[] old = frames;
            frames = new Frame[old.length * 2];
            for (Frame f : old) {
                if (f != null) {
                    put(frames, f, hash(f));
                }
            }
        }
        return added;
    }

    /** The frames of {@code buffer} as an unmodifiable list, the same instance as the last equal one. */
    List<Frame> stack(List<Frame> buffer) {
        int size = buffer.size();
        if (size == 0) {
            return List.of();
        }
        int hash = 1;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + System.identityHashCode(buffer.get(i));
        }
        int mask = stacks.length - 1;
        int slot = spread(hash) & mask;
        for (Object[] known; (known = stacks[slot]) != null; slot = (slot + 1) & mask) {
            if (sameFrames(known, buffer)) {
                @SuppressWarnings("unchecked")
                List<Frame> list = (List<Frame>) known[0];
                return list;
            }
        }
        List<Frame> added = List.copyOf(buffer);
        // [0] the list, [1] its hash, [2..] its frames: compared without going through the list.
        Object[] entry = new Object[size + 2];
        entry[0] = added;
        entry[1] = hash;
        for (int i = 0; i < size; i++) {
            entry[i + 2] = buffer.get(i);
        }
        if (stackCount >= MAX_STACKS) {
            stacks = new Object[stacks.length][];
            stackCount = 0;
        }
        stacks[slot] = entry;
        if (++stackCount * 2 > stacks.length && stacks.length < 2 * MAX_STACKS) {
            Object[][] old = stacks;
            stacks = new Object[old.length * 2][];
            int newMask = stacks.length - 1;
            for (Object[] e : old) {
                if (e != null) {
                    int s = spread((Integer) e[1]) & newMask;
                    while (stacks[s] != null) {
                        s = (s + 1) & newMask;
                    }
                    stacks[s] = e;
                }
            }
        }
        return added;
    }

    private static boolean sameFrames(Object[] known, List<Frame> buffer) {
        if (known.length != buffer.size() + 2) {
            return false;
        }
        for (int i = 2; i < known.length; i++) {
            if (known[i] != buffer.get(i - 2)) {
                return false;
            }
        }
        return true;
    }

    private static void put(Frame[] table, Frame frame, int hash) {
        int mask = table.length - 1;
        int slot = spread(hash) & mask;
        while (table[slot] != null) {
            slot = (slot + 1) & mask;
        }
        table[slot] = frame;
    }

    private static int hash(Frame f) {
        return ((hash(f.className()) * 31 + hash(f.methodName())) * 31 + hash(f.fileName())) * 31 + f.lineNumber();
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b); // the same instance, mostly: equals() says so at once
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
