package dev.rapport.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiSectionTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static Interaction event(String who, int day, Channel ch, Kind kind, double value) {
    return new Interaction(
        who + "-" + day + "-" + kind,
        List.of(Identifier.of("customer_id", who)),
        START.plusSeconds(86_400L * day),
        ch,
        kind,
        null,
        null,
        null,
        null,
        value,
        0,
        Double.NaN,
        null,
        kind == Kind.TICKET
            ? Map.of("ticket_status", day % 2 == 0 ? "opened" : "replied")
            : Map.of());
  }

  static Kpis kpis() {
    List<Interaction> e = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      String who = "c" + c;
      e.add(event(who, c, Channel.EMAIL, Kind.TOUCH, 0));
      e.add(event(who, c, Channel.EMAIL, Kind.RESPONSE, 0));
      e.add(event(who, c + 1, Channel.WEB, Kind.PURCHASE, 20 + c));
      e.add(event(who, c + 40, Channel.WEB, Kind.PURCHASE, 10));
      e.add(event(who, 2 * c + 60, Channel.SUPPORT, Kind.TICKET, 0));
      e.add(event(who, 2 * c + 61, Channel.SUPPORT, Kind.TICKET, 0));
    }
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    engine.addAll(e);
    BatchResult r = engine.run(START.plusSeconds(86_400L * 100));
    return Kpis.of(r, null, RapportConfig.defaults().kpi(), RapportConfig.defaults().zone());
  }

  @Test
  void theReportWithKpis_inlinesEChartsAndAPlaceholderPerChart_withoutAnyNetworkUrl() {
    String html =
        ReportWriter.render(
            new ReportWriter.Context("t", "2024-04-09", "USD", List.of()),
            List.of(),
            null,
            List.of(),
            new ReportWriter.Sections(null, null, null, kpis(), null, null, null));
    assertThat(html).contains("<h2>How are we doing</h2>").contains("engaged only:");
    assertThat(html)
        .contains("id=\"chart-funnel-touch_to_purchase\"")
        .contains("id=\"chart-cohorts\"")
        .contains("id=\"chart-month-flows\"")
        .contains("id=\"chart-channels\"")
        .contains("id=\"chart-response-times\"");
    assertThat(html).contains("version=\"5.3.1\""); // the WebJar's echarts.min.js, inlined
    assertThat(html).doesNotContain("<script src=").doesNotContain("<link ");
    // Exactly the library's script and the drawing script: nothing in the data closes one early.
    assertThat(html.split("</script>", -1)).hasSize(3);
  }

  @Test
  void responseTimeBins_countEachTimeOnce() {
    // 30 min, 1 h, 5 h, 23 h, 2 days, 4 days
    int[] seconds = {1800, 3600, 5 * 3600, 23 * 3600, 48 * 3600, 96 * 3600};
    assertThat(KpiSection.bins(seconds)).containsExactly(1, 1, 1, 1, 1, 1);
  }
}
