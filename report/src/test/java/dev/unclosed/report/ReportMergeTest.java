package dev.unclosed.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unclosed.report.SampleReports.leak;
import static dev.unclosed.report.SampleReports.report;
import static org.assertj.core.api.Assertions.assertThat;

class ReportMergeTest {

    private static final LeakReport.Summary SUMMARY = new LeakReport.Summary(10, 8, 2, 0, 0, 1);

    @Test
    void findingsWithTheSameIdHaveTheirCountsAdded() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(leak("a1", "gc", 2, "2025-03-01T10:00:05Z")),
                report(leak("a1", "gc", 3, "2025-03-01T10:00:07Z"))));

        assertThat(merged.leaks()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo("a1");
            assertThat(l.count()).isEqualTo(5);
        });
    }

    @Test
    void theEarliestFirstSeenIsKeptEvenWhenItComesFromALaterInput() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(leak("a1", "gc", 1, "2025-03-01T10:00:07Z")),
                report(leak("a1", "gc", 1, "2025-03-01T09:59:59.5Z"))));

        assertThat(merged.leaks().get(0).firstSeen()).isEqualTo("2025-03-01T09:59:59.5Z");
    }

    @Test
    void timestampsWithOffsetsAreComparedAsInstantsNotAsText() {
        // 10:30+02:00 is 08:30Z: earlier, although it sorts later as text.
        LeakReport merged = ReportMerge.merge(List.of(
                report(leak("a1", "gc", 1, "2025-03-01T09:00:00Z")),
                report(leak("a1", "gc", 1, "2025-03-01T10:30:00+02:00"))));

        assertThat(merged.leaks().get(0).firstSeen()).isEqualTo("2025-03-01T10:30:00+02:00");
    }

    @Test
    void distinctFindingsAreAllKeptInOrderOfFirstAppearance() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(leak("b2", "gc", 1, "2025-03-01T10:00:00Z"), leak("a1", "exit", 1, "2025-03-01T10:00:00Z")),
                report(leak("c3", "gc", 1, "2025-03-01T10:00:00Z"), leak("b2", "gc", 4, "2025-03-01T10:00:00Z"))));

        assertThat(merged.leaks()).extracting(Leak::id, Leak::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b2", 5L),
                        org.assertj.core.groups.Tuple.tuple("a1", 1L),
                        org.assertj.core.groups.Tuple.tuple("c3", 1L));
    }

    @Test
    void summariesAreSummedAndTheCoarsestSampleRateKept() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(1, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", new LeakReport.Summary(10, 8, 2, 0, 1, 1)),
                report(2, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", new LeakReport.Summary(20, 17, 1, 2, 0, 4))));

        assertThat(merged.summary()).isEqualTo(new LeakReport.Summary(30, 25, 3, 2, 1, 4));
    }

    @Test
    void untrackedAreSummedAndAgentErrorKindsAddedKeepingTheFirstMessage() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(1, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", new LeakReport.Summary(10, 8, 2, 0, 1, 1, 5L,
                        List.of(new LeakReport.AgentErrorKind("tracker", 1, "first")))),
                report(2, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", new LeakReport.Summary(20, 17, 1, 2, 3, 1, 7L,
                        List.of(new LeakReport.AgentErrorKind("tracker", 2, "second"),
                                new LeakReport.AgentErrorKind("transform", 1, "bad class"))))));

        assertThat(merged.summary().untracked()).isEqualTo(12L);
        assertThat(merged.summary().agentErrorKinds()).containsExactly(
                new LeakReport.AgentErrorKind("tracker", 3, "first"), new LeakReport.AgentErrorKind("transform", 1, "bad class"));
    }

    @Test
    void theRunSpansFromTheEarliestStartToTheLatestFinish() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(1, "2025-03-01T10:00:03Z", "2025-03-01T10:00:09Z", SUMMARY),
                report(2, "2025-03-01T10:00:01Z", "2025-03-01T10:00:20Z", SUMMARY),
                report(3, "2025-03-01T10:00:02Z", "2025-03-01T10:00:10Z", SUMMARY)));

        assertThat(merged.startedAt()).isEqualTo("2025-03-01T10:00:01Z");
        assertThat(merged.finishedAt()).isEqualTo("2025-03-01T10:00:20Z");
    }

    @Test
    void toolAndJvmAreTheFirstInputs() {
        LeakReport merged = ReportMerge.merge(List.of(
                report(1, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", SUMMARY),
                report(2, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z", SUMMARY)));

        assertThat(merged.jvm().pid()).isEqualTo(1);
        assertThat(merged.tool().name()).isEqualTo("unclosed");
    }

    @Test
    void pathsOfOneFindingSeenInTwoJvmsAreMergedByStackWithTheirCountsAdded() {
        Leak one = leak("a1", "gc", 3, "2025-03-01T10:00:05Z");
        List<Frame> other = List.of(one.site(), SampleReports.frame("com.acme.OtherTest", "run", "OtherTest.java", 9));
        Leak a = one.withPaths(List.of(new LeakPath(3, true, one.stack())));
        Leak b = leak("a1", "gc", 4, "2025-03-01T10:00:07Z")
                .withPaths(List.of(new LeakPath(3, true, other), new LeakPath(1, true, one.stack())));

        Leak merged = ReportMerge.merge(List.of(report(a), report(b))).leaks().get(0);

        assertThat(merged.count()).isEqualTo(7);
        assertThat(merged.paths()).containsExactly(new LeakPath(4, true, one.stack()), new LeakPath(3, true, other));
        assertThat(merged.stack()).isEqualTo(one.stack());
    }

    @Test
    void testsOfOneFindingSeenInTwoJvmsAreMergedByIdWithTheirCountsAdded() {
        LeakTest reads = new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]/[method:reads()]", "reads()",
                "a.FooTest", "reads", 2);
        LeakTest writes = new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]/[method:writes()]", "writes()",
                "a.FooTest", "writes", 1);
        Leak a = leak("a1", "gc", 2, "2025-03-01T10:00:05Z").withTests(List.of(reads));
        Leak b = leak("a1", "gc", 3, "2025-03-01T10:00:07Z").withTests(List.of(writes, reads.withCount(2)));

        Leak merged = ReportMerge.merge(List.of(report(a), report(b))).leaks().get(0);

        assertThat(merged.tests()).containsExactly(reads.withCount(4), writes);
    }

    @Test
    void aFindingSeenInManyJvmsMergesAsFoldingItTwoAtATimeWould() {
        List<LeakReport> reports = new java.util.ArrayList<>();
        Leak folded = null;
        for (int fork = 0; fork < 40; fork++) {
            Leak one = leak("a1", "gc", fork % 3 + 1, "2025-03-01T10:00:" + (10 + (fork * 7) % 40) + "Z");
            List<Frame> stack = List.of(one.site(), SampleReports.frame("com.acme.T" + fork % 5, "run", "T.java", fork % 5));
            Leak sighting = one.withPaths(List.of(new LeakPath(fork % 3 + 1, fork % 4 != 0, stack)))
                    .withTests(List.of(new LeakTest("[class:T" + fork % 7 + "]", "T" + fork % 7, "T" + fork % 7, null, fork % 3 + 1)));
            reports.add(report(sighting));
            folded = folded == null ? sighting : ReportMerge.combine(folded, sighting);
        }

        Leak merged = ReportMerge.merge(reports).leaks().get(0);

        assertThat(merged).isEqualTo(folded);
    }

    @Test
    void equalFramesOfDifferentReportsAreKeptOnce() {
        Leak a = leak("a1", "gc", 1, "2025-03-01T10:00:05Z");
        Leak b = leak("b2", "gc", 1, "2025-03-01T10:00:06Z"); // the same site and stack, read from another file

        List<Leak> merged = ReportMerge.merge(List.of(report(a), report(b))).leaks();

        assertThat(merged.get(1).site()).isSameAs(merged.get(0).site());
        assertThat(merged.get(1).stack()).isSameAs(merged.get(0).stack());
    }

    @Test
    void timestampsParsedOnceAreOrderedAsWhenParsedAtEachComparison() {
        List<String> timestamps = java.util.Arrays.asList(null, "2025-03-01T10:00:05Z", "2025-03-01T10:00:05.000Z",
                "2025-03-01T11:00:05+01:00", "2025-03-01T10:00:04.999Z", "2025-03-01T10:00:06+00:00", "not a time",
                "also not", "");
        for (String a : timestamps) {
            for (String b : timestamps) {
                java.time.Instant parsedA = a == null ? null : ReportMerge.instantOrNull(a);
                java.time.Instant parsedB = b == null ? null : ReportMerge.instantOrNull(b);
                assertThat(ReportMerge.earlier(a, parsedA, b, parsedB)).as(a + " before " + b)
                        .isEqualTo(ReportMerge.earlier(a, b));
            }
        }
    }
}
