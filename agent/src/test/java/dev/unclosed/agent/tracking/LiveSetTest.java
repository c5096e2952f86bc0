package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSetTest {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final LiveSet live = new LiveSet();

    private TrackedResource recordOf(Object object) {
        return recordOf(object, System.identityHashCode(object));
    }

    private TrackedResource recordOf(Object object, int identityHash) {
        return new TrackedResource(object, queue, identityHash, true, null, false, 0, "test", 0, null);
    }

    @Test
    void anAddedObjectIsFoundByIdentity() {
        Object object = new Object();
        TrackedResource record = recordOf(object);

        assertThat(live.add(record, object)).isTrue();

        assertThat(live.find(object, System.identityHashCode(object))).isSameAs(record);
        assertThat(live.size()).isEqualTo(1);
    }

    @Test
    void anyTellsWhetherSomeRecordPassesATest() {
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Object object = i == 57 ? "the one" : new Object();
            objects.add(object);
            live.add(recordOf(object), object);
        }

        assertThat(live.any(r -> r.type == String.class)).isTrue();
        assertThat(live.any(r -> r.type == Integer.class)).isFalse();
        assertThat(new LiveSet().any(r -> true)).isFalse();
    }

    @Test
    void anEqualButDistinctObjectIsNotFound() {
        String object = new String("same text");
        String equal = new String("same text");
        live.add(recordOf(object), object);

        assertThat(live.find(equal, System.identityHashCode(equal))).isNull();
    }

    @Test
    void addingTheSameObjectTwiceIsRefusedAndKeepsTheFirstRecord() {
        Object object = new Object();
        TrackedResource first = recordOf(object);
        live.add(first, object);

        assertThat(live.add(recordOf(object), object)).isFalse();

        assertThat(live.find(object, System.identityHashCode(object))).isSameAs(first);
        assertThat(live.size()).isEqualTo(1);
    }

    @Test
    void removingAnObjectReturnsItsRecordAndForgetsIt() {
        Object object = new Object();
        TrackedResource record = recordOf(object);
        live.add(record, object);

        assertThat(live.remove(object, System.identityHashCode(object), true)).isSameAs(record);

        assertThat(live.find(object, System.identityHashCode(object))).isNull();
        assertThat(live.remove(object, System.identityHashCode(object), true)).isNull();
        assertThat(live.size()).isZero();
    }

    @Test
    void itCountsWhatWasAddedAndWhatWasRemovedAsClosedAndNothingElse() {
        Object closedByObject = new Object();
        Object closedByRecord = new Object();
        Object collected = new Object();
        TrackedResource byRecord = recordOf(closedByRecord);
        TrackedResource ofCollected = recordOf(collected);
        live.add(recordOf(closedByObject), closedByObject);
        live.add(byRecord, closedByRecord);
        live.add(ofCollected, collected);
        live.add(recordOf(closedByObject), closedByObject); // tracked already: not added again

        live.remove(closedByObject, System.identityHashCode(closedByObject), true);
        live.remove(closedByObject, System.identityHashCode(closedByObject), true); // gone already
        live.remove(byRecord, true);
        live.remove(ofCollected, false);

        assertThat(live.added()).isEqualTo(3);
        assertThat(live.closed()).isEqualTo(2);
    }

    @Test
    void removingARecordItselfWorksOnceAndOnlyForThatRecord() {
        Object object = new Object();
        TrackedResource record = recordOf(object);
        live.add(record, object);

        assertThat(live.remove(recordOf(object), true)).isFalse();
        assertThat(live.remove(record, true)).isTrue();
        assertThat(live.remove(record, true)).isFalse();
        assertThat(live.size()).isZero();
    }

    @Test
    void objectsSharingAnIdentityHashAreToldApart() {
        // Identity hashes cannot be chosen, but the set trusts the hash it is given: force a collision.
        Object a = new Object();
        Object b = new Object();
        TrackedResource ra = recordOf(a, 12345);
        TrackedResource rb = recordOf(b, 12345);
        live.add(ra, a);
        live.add(rb, b);

        assertThat(live.find(a, 12345)).isSameAs(ra);
        assertThat(live.find(b, 12345)).isSameAs(rb);
        assertThat(live.remove(a, 12345, true)).isSameAs(ra);
        assertThat(live.find(b, 12345)).isSameAs(rb);
        assertThat(live.remove(rb, true)).isTrue();
        assertThat(live.size()).isZero();
    }

    @Test
    void tenThousandObjectsAreEachFoundAndEachRemovedAsTheSetGrows() {
        List<Object> objects = new ArrayList<>();
        List<TrackedResource> records = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object object = new Object();
            TrackedResource record = recordOf(object);
            assertThat(live.add(record, object)).isTrue();
            objects.add(object);
            records.add(record);
        }
        assertThat(live.size()).isEqualTo(10_000);

        for (int i = 0; i < objects.size(); i++) {
            Object object = objects.get(i);
            assertThat(live.find(object, System.identityHashCode(object))).isSameAs(records.get(i));
        }
        for (int i = 0; i < objects.size(); i++) {
            Object object = objects.get(i);
            assertThat(live.remove(object, System.identityHashCode(object), true)).isSameAs(records.get(i));
            assertThat(live.size()).isEqualTo(objects.size() - i - 1);
        }
        assertThat(live.snapshot()).isEmpty();
    }

    @Test
    void manyObjectsOnOneHashAreStillFoundAfterTheirStripeGrows() {
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Object object = new Object();
            live.add(recordOf(object, 7), object);
            objects.add(object);
        }

        for (Object object : objects) {
            assertThat(live.find(object, 7)).isNotNull();
        }
        for (Object object : objects) {
            assertThat(live.remove(object, 7, true)).isNotNull();
        }
        assertThat(live.size()).isZero();
    }

    @Test
    void aSnapshotHoldsEveryRecordOnceAndIsACopy() {
        List<TrackedResource> records = new ArrayList<>();
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Object object = new Object();
            TrackedResource record = recordOf(object);
            live.add(record, object);
            records.add(record);
            objects.add(object);
        }

        List<TrackedResource> snapshot = live.snapshot();
        live.remove(records.get(0), true);

        assertThat(snapshot).containsExactlyInAnyOrderElementsOf(records);
        assertThat(live.snapshot()).hasSize(999).doesNotContain(records.get(0));
    }
}
