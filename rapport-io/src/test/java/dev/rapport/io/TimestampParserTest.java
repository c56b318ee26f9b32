package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Instant parse(String format, ZoneId zone, String text) {
    return TimestampParser.of(format, zone).parse(text);
  }

  @Test
  void iso_acceptsInstantOffsetLocalAndDateForms() {
    assertThat(parse("iso", UTC, "2024-03-01T10:15:30Z"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(parse("iso", UTC, "2024-03-01T10:15:30.123456789Z"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30.123456789Z"));
    assertThat(parse("iso", UTC, "2024-03-01T10:15:30+02:00"))
        .isEqualTo(Instant.parse("2024-03-01T08:15:30Z"));
    assertThat(parse("iso", UTC, "2024-03-01T10:15:30-0130"))
        .isEqualTo(Instant.parse("2024-03-01T11:45:30Z"));
    assertThat(parse("iso", UTC, "2024-03-01 10:15:30+00"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(parse("iso", PARIS, "2024-03-01T10:15:30"))
        .isEqualTo(Instant.parse("2024-03-01T09:15:30Z"));
    assertThat(parse("iso", PARIS, "2024-07-01T10:15"))
        .isEqualTo(Instant.parse("2024-07-01T08:15:00Z"));
    assertThat(parse("iso", PARIS, "2024-03-01")).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
    assertThat(parse("iso", UTC, " 2024-03-01T10:15:30Z "))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
  }

  @Test
  void iso_rejectsImpossibleAndMalformedTexts() {
    for (String bad :
        new String[] {
          "",
          "2024-02-30",
          "2024-13-01T00:00:00Z",
          "2024-03-01T24:00:00Z",
          "2024-03-01T10:61:00Z",
          "2024/03/01",
          "2024-03-01T10:15:30Zjunk",
          "2024-03-01T10:15:30+25:00",
          "01/03/2024",
          "2024-03-01T10:15:30.Z",
          "2024-03-01T1015"
        }) {
      assertThat(parse("iso", UTC, bad)).as(bad).isNull();
    }
  }

  @Test
  void fixedPattern_parsesByPosition_andDateOnlyIsStartOfDayInZone() {
    assertThat(parse("yyyy-MM-dd HH:mm:ss", UTC, "2010-12-01 08:26:00"))
        .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    assertThat(parse("yyyyMMdd", ZoneId.of("America/New_York"), "19970101"))
        .isEqualTo(Instant.parse("1997-01-01T05:00:00Z"));
    assertThat(parse("dd/MM/yyyy HH:mm", UTC, "31/12/2010 23:59"))
        .isEqualTo(Instant.parse("2010-12-31T23:59:00Z"));
    assertThat(parse("yyyy-MM-dd'T'HH:mm:ss.SSS", UTC, "2010-12-01T08:26:00.250"))
        .isEqualTo(Instant.parse("2010-12-01T08:26:00.250Z"));
    assertThat(parse("yyyyMMdd", UTC, "19970230")).isNull();
    assertThat(parse("yyyyMMdd", UTC, "1997010")).isNull();
    assertThat(parse("yyyy-MM-dd HH:mm:ss", UTC, "2010-12-01T08:26:00")).isNull();
  }

  @Test
  void generalPattern_englishNamesAndOffsets_likeTwitterDates() {
    assertThat(parse("EEE MMM dd HH:mm:ss Z yyyy", UTC, "Wed Oct 11 06:55:44 +0000 2017"))
        .isEqualTo(Instant.parse("2017-10-11T06:55:44Z"));
    assertThat(parse("M/d/yyyy H:mm", UTC, "12/1/2010 8:26"))
        .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    assertThat(parse("M/d/yyyy", UTC, "2/30/2010")).isNull();
    // Strict: the day of week must match the date.
    assertThat(parse("EEE MMM dd HH:mm:ss Z yyyy", UTC, "Thu Oct 11 06:55:44 +0000 2017")).isNull();
  }

  @Test
  void epoch_secondsWithFraction_andMillis() {
    assertThat(parse("epoch_seconds", UTC, "1709288130"))
        .isEqualTo(Instant.ofEpochSecond(1709288130));
    assertThat(parse("epoch_seconds", UTC, "1709288130.25"))
        .isEqualTo(Instant.ofEpochSecond(1709288130, 250_000_000));
    assertThat(parse("epoch_millis", UTC, "1709288130250"))
        .isEqualTo(Instant.ofEpochMilli(1709288130250L));
    assertThat(parse("epoch_millis", UTC, "1709288130.5")).isNull();
    assertThat(parse("epoch_seconds", UTC, "1e9")).isNull();
  }

  @Test
  void parse_repeatedText_returnsTheRememberedInstant() {
    TimestampParser p = TimestampParser.of("iso", UTC);
    Instant a = p.parse("2024-03-01T10:15:30Z");
    assertThat(p.parse(new String("2024-03-01T10:15:30Z"))).isSameAs(a);
    assertThat(p.parse("nope")).isNull();
    assertThat(p.parse("2024-03-01T10:15:30Z")).isSameAs(a);
  }

  @Test
  void epochDay_agreesWithLocalDateAndRefusesImpossibleDates() {
    for (int y = 1600; y <= 2400; y++) {
      for (int m = 0; m <= 13; m++) {
        for (int d = 0; d <= 32; d++) {
          long expected;
          try {
            expected = java.time.LocalDate.of(y, m, d).toEpochDay();
          } catch (java.time.DateTimeException e) {
            expected = Long.MIN_VALUE;
          }
          assertThat(TimestampParser.epochDay(y, m, d)).as("%d-%d-%d", y, m, d).isEqualTo(expected);
        }
      }
    }
  }
}
