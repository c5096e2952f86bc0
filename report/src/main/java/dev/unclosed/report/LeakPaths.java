package dev.unclosed.report;

import java.util.Comparator;

/** The order of a finding's paths, wherever they are made or merged. */
public final class LeakPaths {

    private LeakPaths() {
    }

    /**
     * Most objects first; among equal counts complete stacks first, then by their frames as text, so that the order
     * (and the finding's representative stack) does not depend on the order in which leaks were found.
     */
    public static final Comparator<LeakPath> MOST_OBJECTS_FIRST = new Comparator<>() {
        @Override
        public int compare(LeakPath a, LeakPath b) {
            int byCount = Long.compare(b.count(), a.count());
            if (byCount != 0) {
                return byCount;
            }
            if (a.complete() != b.complete()) {
                return a.complete() ? -1 : 1;
            }
            return a.stack().toString().compareTo(b.stack().toString());
        }
    };
}
