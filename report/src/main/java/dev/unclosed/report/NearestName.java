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

    /** Edit distance where swapping two neighbours ({@code reprot}) is one edit, as a typing slip is. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
