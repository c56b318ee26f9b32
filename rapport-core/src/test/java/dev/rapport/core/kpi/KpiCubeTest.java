package dev.rapport.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class KpiCubeTest {
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
