package dev.unclosed.scenarios;

import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Files locked through their channels, then channel and lock dropped without close() or release(): the leak is
 * the channel (or the stream it belongs to), where it was opened; a lock holds nothing that closing its channel
 * does not release. One channel is closed with its lock never released: nothing to report.
 */
public class LockedFiles {
    public static void main(String[] args) throws Exception {
        FileChannel locked = FileChannel.open(Scratch.file("lock.txt").toPath(), StandardOpenOption.WRITE); // @leak lock
        locked.lock();
        FileChannel tried = FileChannel.open(Scratch.file("tryLock.txt").toPath(), StandardOpenOption.WRITE); // @leak tryLock
        tried.tryLock();
        FileChannel ranged = FileChannel.open(Scratch.file("shared.txt").toPath(), StandardOpenOption.READ); // @leak sharedRange
        ranged.lock(0, 4, true);
        RandomAccessFile file = new RandomAccessFile(Scratch.file("raf.txt"), "rw"); // @leak randomAccessFile
        file.getChannel().lock();
        FileOutputStream out = new FileOutputStream(Scratch.file("out.txt")); // @leak fileOutputStream
        out.getChannel().tryLock();

        FileChannel closed = FileChannel.open(Scratch.file("closed.txt").toPath(), StandardOpenOption.WRITE); // @leak closedChannel
        closed.lock();
        closed.close();
    }
}
