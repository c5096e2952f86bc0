package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the tracker as the instrumented code would: {@code constructorEntered()} when a constructor of a closeable
 * starts, {@code constructed(...)} when the most derived one returns, {@code closing(...)} when close() is called.
 * Objects are dropped inside helper methods, so that nothing but the tracker's phantom references sees them, and
 * collected with {@code finalSweep}, which calls System.gc() until the reference queue stays quiet.
 */
class LeakTrackerTest {

    record Reported(String type, String kind, List<String> owns) {
    }

    /** Holds no operating-system resource of its own: reported only through what it owns. */
    static final class Holder implements Closeable {
        final Object held;

        Holder(Object held) {
            this.held = held;
        }

        @Override
        public void close() {
        }
    }

    /** A closeable with a non-static inner closeable class, like ZipFile and its entry streams. */
    static final class Archive implements Closeable {
        final InputStream file;

        Archive(InputStream file) {
            this.file = file;
        }

        @Override
        public void close() {
        }

        final class Entry extends InputStream {
            @Override
            public int read() {
                return -1;
            }
        }
    }

    @TempDir
    Path dir;
    private File file;
    private final List<Reported> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> reportedStacks = Collections.synchronizedList(new ArrayList<>());
    private final List<Closeable> toClose = new ArrayList<>();
    private LeakTracker tracker;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("data.txt"), "data").toFile();
        tracker = tracker(false, 1);
    }

    @AfterEach
    void closeWhatTheTestKeptOpen() throws IOException {
        for (Closeable c : toClose) {
            c.close();
        }
    }

    private LeakTracker tracker(boolean strict, int sample) {
        LeakListener listener = (root, kind, owns) -> {
            reported.add(new Reported(root.type().getName(), kind, owns.stream().map(r -> r.type().getName()).toList()));
            reportedStacks.add(root.allocation());
        };
        return new LeakTracker(new ResourceRules(name -> false), listener, strict, true, sample, StackInterner.create(), null);
    }

    /** {@code new FileInputStream(file)} as instrumented: tracked once its constructor returned. */
    private FileInputStream open() throws IOException {
        long mark = tracker.constructorEntered(null);
        FileInputStream in = new FileInputStream(file);
        tracker.constructed(in, mark, null, null);
        return in;
    }

    private Holder wrap(Object inner) {
        long mark = tracker.constructorEntered(null);
        Holder holder = new Holder(inner);
        tracker.constructed(holder, mark, inner, null);
        return holder;
    }

    private void collect() {
        tracker.finalSweep(5_000);
    }

    private void openAndDrop() throws IOException {
        open();
    }

    @Test
    void aResourceCollectedWithoutCloseIsOneGcLeak() throws IOException {
        openAndDrop();

        collect();

        assertThat(reported).containsExactly(new Reported("java.io.FileInputStream", "gc", List.of()));
        assertThat(tracker.tracked()).isEqualTo(1);
    }

    @Test
    void aResourceClosedBeforeItIsCollectedIsNotALeak() throws IOException {
        openAndClose();

        collect();

        assertThat(reported).isEmpty();
        assertThat(tracker.closed()).isEqualTo(1);
    }

    @Test
    void aResourceClosedOnAnotherThreadThanTheOneThatOpenedItIsNotALeak() throws Exception {
        FileInputStream in = open();
        Thread closer = new Thread(() -> tracker.closing(in));
        closer.start();
        closer.join();
        in.close();

        collect();

        assertThat(reported).isEmpty();
        assertThat(tracker.closed()).isEqualTo(1);
    }

    @Test
    void closingAnObjectOfAClassNeverTrackedLeavesTheTrackedOnesOpen() throws IOException {
        FileInputStream in = open();
        toClose.add(in);
        Holder neverTracked = new Holder(null); // holds nothing: never tracked, nor its class

        tracker.closing(neverTracked);

        assertThat(tracker.open()).isEqualTo(1);
        assertThat(tracker.closed()).isZero();
    }

    private void openAndClose() throws IOException {
        FileInputStream in = open();
        tracker.closing(in);
        in.close();
    }

    @Test
    void anOpenResourceMayStillBeReportedAndAClosedOneNot() throws IOException {
        FileInputStream in = open();
        toClose.add(in);

        assertThat(tracker.anyOpenMayBeReported()).isTrue();

        tracker.closing(in);
        in.close();

        assertThat(tracker.anyOpenMayBeReported()).isFalse();
    }

    @Test
    void aWrapperOverAResourceIsOneLeakAsTheWrapperWithOwns() throws IOException {
        wrapAndDrop();

        collect();

        assertThat(reported).containsExactly(
                new Reported(Holder.class.getName(), "gc", List.of("java.io.FileInputStream")));
    }

    private void wrapAndDrop() throws IOException {
        wrap(open());
    }

    @Test
    void aResourceCreatedWhileAConstructorRunsBelongsToTheConstructedObject() throws IOException {
        openInsideAConstructorAndDrop();

        collect();

        assertThat(reported).containsExactly(
                new Reported(Holder.class.getName(), "gc", List.of("java.io.FileInputStream")));
    }

    private void openInsideAConstructorAndDrop() throws IOException {
        long mark = tracker.constructorEntered(null);
        Holder holder = new Holder(open());
        tracker.constructed(holder, mark, null, null);
    }

    @Test
    void ownershipChainsAreReportedOnceAsTheOutermostWithTheWholeChain() throws IOException {
        wrapTwiceAndDrop();

        collect();

        assertThat(reported).containsExactly(new Reported(Holder.class.getName(), "gc",
                List.of(Holder.class.getName(), "java.io.FileInputStream")));
    }

    private void wrapTwiceAndDrop() throws IOException {
        wrap(wrap(open()));
    }

    @Test
    void whenTheWrapperIsClosedButItsResourceIsNotTheResourceIsJudgedAlone() throws IOException {
        wrapCloseOnlyTheWrapperAndDrop();

        collect();

        assertThat(reported).containsExactly(new Reported("java.io.FileInputStream", "gc", List.of()));
    }

    private void wrapCloseOnlyTheWrapperAndDrop() throws IOException {
        Holder holder = wrap(open());
        tracker.closing(holder);
    }

    @Test
    void aResourceCollectedWhileItsOwnerIsOpenIsReportedWhenTheOwnerIsClosed() throws IOException {
        long mark = tracker.constructorEntered(null);
        openAndDrop();
        Holder owner = new Holder(null);
        tracker.constructed(owner, mark, null, null);

        collect();
        assertThat(reported).isEmpty();

        tracker.closing(owner);
        assertThat(reported).containsExactly(new Reported("java.io.FileInputStream", "gc", List.of()));
    }

    @Test
    void aClosedWrapperOverAClosedResourceIsNoLeak() throws IOException {
        wrapAndCloseBoth();

        collect();

        assertThat(reported).isEmpty();
        assertThat(tracker.closed()).isEqualTo(2);
    }

    private void wrapAndCloseBoth() throws IOException {
        FileInputStream in = open();
        Holder holder = wrap(in);
        tracker.closing(holder);
        tracker.closing(in);
        in.close();
    }

    @Test
    void aViewBelongsToTheObjectPassedToItsConstructor() throws IOException {
        openChannelAndDrop();

        collect();

        assertThat(reported).containsExactly(
                new Reported("java.io.FileInputStream", "gc", List.of("sun.nio.ch.FileChannelImpl")));
    }

    private void openChannelAndDrop() throws IOException {
        FileInputStream in = open();
        long mark = tracker.constructorEntered(null);
        FileChannel channel = in.getChannel();
        // As the JDK's FileChannelImpl constructor passes its parent stream (the last parameter).
        tracker.constructed(channel, mark, null, new Object[] {null, file.getPath(), true, false, false, in});
    }

    @Test
    void anInnerClassInstanceBelongsToItsEnclosingCloseable() throws IOException {
        openArchiveEntryAndDrop();

        collect();

        assertThat(reported).containsExactly(
                new Reported(Archive.class.getName(), "gc", List.of("java.io.FileInputStream")));
    }

    private void openArchiveEntryAndDrop() throws IOException {
        long mark = tracker.constructorEntered(null);
        Archive archive = new Archive(open());
        tracker.constructed(archive, mark, null, null);
        long entryMark = tracker.constructorEntered(null);
        Archive.Entry entry = archive.new Entry();
        tracker.constructed(entry, entryMark, archive, null); // the enclosing instance is the first argument
    }

    @Test
    void aCloseableThatHoldsNoResourceIsNotTracked() {
        long mark = tracker.constructorEntered(null);
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[1]);
        tracker.constructed(in, mark, null, null);

        assertThat(tracker.tracked()).isZero();
    }

    @Test
    void aStreamOverStandardInputIsNotTracked() {
        long mark = tracker.constructorEntered(null);
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        tracker.constructed(stdin, mark, null, null);

        assertThat(tracker.tracked()).isZero();
    }

    @Test
    void underStrictACloseableThatHoldsNoResourceIsTrackedAndReported() {
        tracker = tracker(true, 1);
        dropByteArrayStream();

        collect();

        assertThat(tracker.tracked()).isEqualTo(1);
        assertThat(reported).containsExactly(new Reported("java.io.ByteArrayInputStream", "gc", List.of()));
    }

    private void dropByteArrayStream() {
        long mark = tracker.constructorEntered(null);
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[1]);
        tracker.constructed(in, mark, null, null);
    }

    @Test
    void aResourceStillOpenAtExitIsAnExitLeak() throws IOException {
        toClose.add(open());

        tracker.reportOpenAtExit();

        assertThat(reported).containsExactly(new Reported("java.io.FileInputStream", "exit", List.of()));
    }

    @Test
    void anOpenWrapperAtExitIsOneExitLeakAsTheWrapper() throws IOException {
        FileInputStream in = open();
        toClose.add(in);
        Holder holder = wrap(in);

        tracker.reportOpenAtExit();

        assertThat(reported).containsExactly(
                new Reported(Holder.class.getName(), "exit", List.of("java.io.FileInputStream")));
        assertThat(holder.held).isSameAs(in);
    }

    @Test
    void aClosedResourceIsNotReportedAtExit() throws IOException {
        FileInputStream in = open();
        toClose.add(in);
        tracker.closing(in);

        tracker.reportOpenAtExit();

        assertThat(reported).isEmpty();
    }

    @Test
    void anObjectConstructedTwiceThroughThisIsTrackedOnce() throws IOException {
        long mark = tracker.constructorEntered(null);
        FileInputStream in = new FileInputStream(file);
        toClose.add(in);
        tracker.constructed(in, mark, null, null);
        tracker.constructed(in, mark, null, null);

        assertThat(tracker.tracked()).isEqualTo(1);
    }

    @Test
    void withSampleNOneResourceInNIsTracked() throws IOException {
        tracker = tracker(false, 3);
        for (int i = 0; i < 9; i++) {
            toClose.add(open());
        }

        assertThat(tracker.tracked()).isEqualTo(3);
    }

    @Test
    void nothingIsTrackedOnAnAgentThread() throws Exception {
        Thread thread = new Thread(() -> {
            tracker.markAgentThread();
            try {
                toClose.add(open());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        thread.join();

        assertThat(tracker.tracked()).isZero();
    }

    @Test
    void nothingIsTrackedOnAThreadOfTheAgentsThatStartedBeforeTheTracker() throws Exception {
        java.util.concurrent.CountDownLatch marked = new java.util.concurrent.CountDownLatch(1);
        Thread warmUp = new Thread(() -> {
            try {
                marked.await();
                toClose.add(open());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        warmUp.start();
        tracker.treatAsAgentThread(warmUp);
        marked.countDown();
        warmUp.join();
        toClose.add(open()); // this thread's are tracked as ever

        assertThat(tracker.tracked()).isEqualTo(1);
    }

    @Test
    void closingAnUntrackedObjectIsHarmless() {
        tracker.closing(new ByteArrayInputStream(new byte[0]));

        assertThat(tracker.closed()).isZero();
        assertThat(tracker.errors()).isZero();
    }

    @Test
    void aWrapperOverAStreamOpenedOnAnotherThreadKeepsItsOwnStack() throws Exception {
        FileInputStream[] opened = new FileInputStream[1];
        Thread opener = new Thread(() -> {
            try {
                opened[0] = open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        opener.start();
        opener.join();
        wrapOnThisThread(opened);

        collect();

        assertThat(reported).containsExactly(new Reported(Holder.class.getName(), "gc", List.of("java.io.FileInputStream")));
        assertThat(reportedStacks.get(0).getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("wrapOnThisThread"));
    }

    private void wrapOnThisThread(FileInputStream[] opened) {
        wrap(opened[0]);
        opened[0] = null;
    }

    /** {@code new FileInputStream(file)} at call site {@code site}, as announcing application code and its constructor do. */
    private FileInputStream openAt(LeakTracker sited, int site) throws IOException {
        sited.site(site, FileInputStream.class);
        long mark = sited.constructorEntered(FileInputStream.class);
        FileInputStream in = new FileInputStream(file);
        sited.constructed(in, mark, null, null);
        toClose.add(in);
        return in;
    }

    private FileInputStream openAtFromElsewhere(LeakTracker sited, int site) throws IOException {
        return openAt(sited, site);
    }

    private static LeakTracker sharingStacksPerSite(SiteRegistry sites, LeakListener listener) {
        return new LeakTracker(new ResourceRules(name -> false), listener, false, true, 1, StackInterner.create(), sites);
    }

    private void openAtFromOnePath(LeakTracker sited, int site, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            openAt(sited, site);
        }
    }

    @Test
    void aSiteReachedOneWaySharesItsStackOnceItsFirstObjectsAllCameThatWay() throws Exception {
        SiteRegistry sites = new SiteRegistry();
        int site = sites.register();
        LeakTracker sited = sharingStacksPerSite(sites, (root, kind, owns) -> { });

        for (int i = 0; i < SiteRegistry.LEARNING_OBJECTS; i++) {
            assertThat(sites.get(site).shared()).as("still learning").isNull();
            openAt(sited, site);
        }

        assertThat(sites.get(site).shared()).isNotNull();
    }

    @Test
    void aSiteReachedByTwoCallersKeepsCapturingOwnStacksUntilItIsThatHot() throws Exception {
        SiteRegistry sites = new SiteRegistry();
        SiteRegistry.Site learning = sites.get(sites.register());
        Throwable first = new Throwable();
        Throwable second = new Throwable();

        learning.learn(first);
        learning.learn(second);
        for (int i = 2; i < SiteRegistry.OWN_STACKS_PER_ROUND - 1; i++) {
            learning.learn(first);
        }
        assertThat(learning.shared()).as("still capturing").isNull();
        learning.learn(first);

        assertThat(learning.shared()).isNotNull();
    }

    @Test
    void aSiteReachedByTwoCallersDoesNotShareAfterItsFirstObjects() throws Exception {
        SiteRegistry sites = new SiteRegistry();
        int site = sites.register();
        LeakTracker sited = sharingStacksPerSite(sites, (root, kind, owns) -> { });

        openAt(sited, site);
        openAtFromElsewhere(sited, site);
        openAtFromOnePath(sited, site, 2 * SiteRegistry.LEARNING_OBJECTS);

        assertThat(sites.get(site).shared()).isNull();
    }

    @Test
    void aLeakWithItsSitesSharedStackIsFlaggedAndTheSiteLearnsAgain() throws Exception {
        SiteRegistry sites = new SiteRegistry();
        int site = sites.register();
        List<TrackedResource> leaked = Collections.synchronizedList(new ArrayList<>());
        LeakTracker sited = sharingStacksPerSite(sites, (root, kind, owns) -> leaked.add(root));
        openAtFromOnePath(sited, site, SiteRegistry.LEARNING_OBJECTS);

        FileInputStream dropped = openAt(sited, site);
        toClose.remove(dropped);
        dropped.close(); // releases the descriptor without telling the tracker: to it, a stream dropped unclosed
        dropped = null;
        sited.finalSweep(5_000);

        assertThat(leaked).hasSize(1);
        assertThat(leaked.get(0).sharedStack()).isTrue();
        assertThat(sites.get(site).shared()).as("captures own stacks again").isNull();
        openAtFromOnePath(sited, site, SiteRegistry.LEARNING_OBJECTS);
        assertThat(sites.get(site).shared()).as("shares again once its next objects all came one way").isNotNull();
    }

    @Test
    void anAnnouncementIsTakenOnlyByTheConstructorOfTheClassItNames() {
        SiteRegistry sites = new SiteRegistry();
        int site = sites.register();
        LeakTracker sited = sharingStacksPerSite(sites, (root, kind, owns) -> { });

        sited.site(site, FileInputStream.class);
        long other = sited.constructorEntered(Holder.class);
        long next = sited.constructorEntered(FileInputStream.class);

        assertThat(SiteRegistry.siteOf(other)).isZero();
        assertThat(SiteRegistry.siteOf(next)).as("dropped, not kept for a later constructor").isZero();
    }

    @Test
    void aConstructorPassesItsSiteToTheConstructorItCallsAndToNothingElse() {
        SiteRegistry sites = new SiteRegistry();
        int site = sites.register();
        LeakTracker sited = sharingStacksPerSite(sites, (root, kind, owns) -> { });

        sited.site(site, Holder.class);
        long outer = sited.constructorEntered(Holder.class);
        sited.nestedSite(outer, FileInputStream.class);
        long nested = sited.constructorEntered(FileInputStream.class);
        long afterwards = sited.constructorEntered(FileInputStream.class);
        sited.nestedSite(afterwards, Holder.class);
        long fromUnsited = sited.constructorEntered(Holder.class);

        assertThat(SiteRegistry.siteOf(outer)).isEqualTo(site);
        assertThat(SiteRegistry.siteOf(nested)).isEqualTo(site);
        assertThat(SiteRegistry.siteOf(afterwards)).isZero();
        assertThat(SiteRegistry.siteOf(fromUnsited)).isZero();
        assertThat(SiteRegistry.sequenceOf(outer)).isEqualTo(SiteRegistry.sequenceOf(afterwards));
    }
}
