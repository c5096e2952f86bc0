package dev.unclosed.report;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name a misspelled one was probably meant to be ({@code stackdepth} for {@code stackDepth}), for
 * "did you mean" hints in the agent's option errors and the command line's. Shared here because both read it.
 */
public final class NearestName {

    private NearestName() {
    }

    /** The closest of {@code known} to {@code typed}, ignoring case, when close enough to be a slip; else null. */
    public static String of(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = typed.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A slip is a case change, or about one edit in four characters; anything farther is another word.
        return best != null && bestDistance <= Math.max(1, Math.min(3, best.length() / 4)) ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
