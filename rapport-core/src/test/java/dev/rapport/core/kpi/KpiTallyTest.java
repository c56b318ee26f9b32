package dev.rapport.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class KpiTallyTest {
  @Test
  void compact_keepsEveryValue_andAddsLikeTheFullForm() {
    KpiTally t = new KpiTally();
    t.increment(KpiCount.TOUCHES);
    t.increment(KpiCount.TOUCHES);
    t.increment(KpiCount.RESPONSES);
    t.addFirstResponse(60);
    KpiTally c = t.compact();
    assertThat(c.count(KpiCount.TOUCHES)).isEqualTo(2);
    assertThat(c.count(KpiCount.RESPONSES)).isEqualTo(1);
    assertThat(c.count(KpiCount.CANCELS)).isZero(); // beyond the kept counts
    assertThat(c.sum(KpiSum.REVENUE)).isZero(); // no sums kept
    assertThat(c.firstResponseSeconds()).containsExactly(60);

    t.clear(); // the working tally is reused; the compact copy is not touched
    assertThat(t.count(KpiCount.TOUCHES)).isZero();
    assertThat(c.count(KpiCount.TOUCHES)).isEqualTo(2);

    KpiTally all = new KpiTally();
    all.add(c);
    all.add(c);
    assertThat(all.count(KpiCount.TOUCHES)).isEqualTo(4);
    assertThat(all.firstResponseSeconds()).containsExactly(60, 60);

    c.increment(KpiCount.CANCELS); // a compact tally grows back when counted into
    c.add(KpiSum.REVENUE, 5);
    assertThat(c.count(KpiCount.CANCELS)).isEqualTo(1);
    assertThat(c.sum(KpiSum.REVENUE)).isEqualTo(5);
    assertThat(new KpiTally().compact().count(KpiCount.TOUCHES)).isZero();
  }

  @Test
  void cube_sumsCellsByMonthAndChannel_andMergesAnotherCube() {
    KpiCube a = new KpiCube();
    int jan = KpiCube.monthIndex(YearMonth.of(2024, 1));
    int feb = jan + 1;
    a.cell(jan, Channel.EMAIL).increment(KpiCount.TOUCHES);
    a.cell(feb, Channel.EMAIL).increment(KpiCount.TOUCHES);
    a.cell(jan, Channel.SMS).increment(KpiCount.TOUCHES); // back to a month asked for before
    KpiCube b = new KpiCube();
    b.cell(feb, Channel.SMS).increment(KpiCount.PURCHASES);
    a.add(b);
    assertThat(a.total().count(KpiCount.TOUCHES)).isEqualTo(3);
    assertThat(a.total().count(KpiCount.PURCHASES)).isEqualTo(1);
    assertThat(a.byMonth().get(YearMonth.of(2024, 1)).count(KpiCount.TOUCHES)).isEqualTo(2);
    assertThat(a.byChannel().get(Channel.SMS).count(KpiCount.PURCHASES)).isEqualTo(1);
    assertThat(a.byMonth(Channel.EMAIL))
        .containsOnlyKeys(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
  }
}
