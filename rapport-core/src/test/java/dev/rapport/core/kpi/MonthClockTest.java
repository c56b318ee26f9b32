package dev.rapport.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MonthClockTest {
  /** Against the zoned date, in a zone with daylight saving, in and out of order, over decades. */
  @Test
  void monthOf_agreesWithTheZonedDate_atEverySecondTried() {
    ZoneId zone = ZoneId.of("America/Sao_Paulo");
    MonthClock clock = new MonthClock(zone);
    SplittableRandom r = new SplittableRandom(5);
    long from = Instant.parse("1995-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2040-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long t = i % 3 == 0 ? from + r.nextLong(to - from) : from + 86_400L * 30 * (i % 500);
      int expected = KpiCube.monthIndex(YearMonth.from(Instant.ofEpochSecond(t).atZone(zone)));
      assertThat(clock.monthOf(t)).as("t=%d", t).isEqualTo(expected);
    }
  }

  @Test
  void monthOf_theFirstAndLastSecondOfAMonth() {
    ZoneId zone = ZoneId.of("Europe/Berlin");
    MonthClock clock = new MonthClock(zone);
    long march = YearMonth.of(2024, 3).atDay(1).atStartOfDay(zone).toEpochSecond();
    assertThat(clock.monthOf(march)).isEqualTo(KpiCube.monthIndex(YearMonth.of(2024, 3)));
    assertThat(clock.monthOf(march - 1)).isEqualTo(KpiCube.monthIndex(YearMonth.of(2024, 2)));
  }
}
