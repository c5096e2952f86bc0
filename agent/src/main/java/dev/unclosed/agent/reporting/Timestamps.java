package dev.unclosed.agent.reporting;

import java.time.Instant;

/**
 * The report's timestamps, exactly as {@link Instant#toString()} writes them ({@code 2025-03-01T10:00:01.250Z}:
 * the fraction in groups of three digits, left out when zero), without going through it. {@code Instant.toString}
 * formats with {@code DateTimeFormatter.ISO_INSTANT}, and initializing {@code DateTimeFormatter} builds all of its
 * predefined formatters: several milliseconds at the agent's exit, for two or three strings. The date is computed
 * here too, not with {@code LocalDate}, whose checks initialize {@code ChronoField}, {@code ChronoUnit},
 * {@code Duration} and {@code BigInteger}: another 1-2 ms.
 */
final class Timestamps {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z; beyond them {@code Instant.toString} adds a sign or digits. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    private Timestamps() {
    }

    static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Days since 1970-01-01 to year, month and day in the proleptic Gregorian calendar, counting in 400-year
        // eras of 146,097 days that start on 0000-03-01, so that the leap day ends a year (H. Hinnant's
        // days_from_civil, inverted; LocalDate.ofEpochDay does the same).
        long shifted = day + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        StringBuilder text = new StringBuilder(30);
        digits(text, year, 4).append('-');
        digits(text, month, 2).append('-');
        digits(text, dayOfMonth, 2).append('T');
        digits(text, secondOfDay / 3600, 2).append(':');
        digits(text, secondOfDay / 60 % 60, 2).append(':');
        digits(text, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                digits(text, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(text, nano / 1_000, 6);
            } else {
                digits(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
