package dev.unclosed.agent.reporting;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The report's timestamps, exactly as {@link Instant#toString()} writes them ({@code 2025-03-01T10:00:01.250Z}:
 * the fraction in groups of three digits, left out when zero), without going through it. {@code Instant.toString}
 * formats with {@code DateTimeFormatter.ISO_INSTANT}, and initializing {@code DateTimeFormatter} builds all of its
 * predefined formatters: several milliseconds at the agent's exit, for two or three strings.
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
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        StringBuilder text = new StringBuilder(30);
        digits(text, date.getYear(), 4).append('-');
        digits(text, date.getMonthValue(), 2).append('-');
        digits(text, date.getDayOfMonth(), 2).append('T');
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
