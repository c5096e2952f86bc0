package dev.unclosed.agent.reporting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "1970-01-01T00:00:00Z", "2025-03-01T10:00:01Z", "2025-03-01T10:00:00Z", "2025-03-01T10:00:01.250Z",
            "2025-03-01T10:00:01.000250Z", "2025-03-01T10:00:01.000000250Z", "2025-03-01T10:00:01.100Z",
            "2025-03-01T10:00:01.123456789Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z", "0999-06-15T12:30:45.5Z", "9999-12-31T23:59:59.999999999Z",
            "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z"})
    void writesWhatInstantToStringWrites(String text) {
        Instant instant = Instant.parse(text);

        assertThat(Timestamps.iso(instant)).isEqualTo(instant.toString());
    }

    @Test
    void agreesWithInstantToStringOnRandomInstants() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 100_000, 253_402_300_799L + 100_000);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Timestamps.iso(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void agreesOnEveryDayOfTheFourDigitYears() {
        for (long day = -719_528; day <= 2_932_896; day++) { // 0000-01-01 to 9999-12-31
            Instant instant = Instant.ofEpochSecond(day * 86_400 + (day & 0xFFFF));
            assertThat(Timestamps.iso(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void agreesOnMillisecondInstantsAroundNow() {
        long now = System.currentTimeMillis();
        for (long millis = now - 5_000; millis < now + 5_000; millis += 7) {
            Instant instant = Instant.ofEpochMilli(millis);
            assertThat(Timestamps.iso(instant)).isEqualTo(instant.toString());
        }
    }
}
