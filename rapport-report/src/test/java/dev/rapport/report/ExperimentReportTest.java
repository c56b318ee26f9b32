package dev.rapport.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.lift.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {
  @Test
  void pageShowsArmsLiftsBySegmentAndTheQiniCurve_selfContained() {
    int n = 600;
    List<String> arms = new ArrayList<>();
    List<String> newbie = new ArrayList<>();
    boolean[] responded = new boolean[n];
    boolean[] converted = new boolean[n];
    double[] revenue = new double[n];
    for (int i = 0; i < n; i++) {
      String arm = i % 3 == 0 ? "No E-Mail" : i % 3 == 1 ? "Mens <E-Mail>" : "Womens";
      arms.add(arm);
      newbie.add(i % 2 == 0 ? "0" : "1");
      responded[i] = i % 10 < (arm.equals("No E-Mail") ? 1 : 3);
      converted[i] = i % 20 == 0;
      revenue[i] = converted[i] ? 50 : 0;
    }
    Experiment e =
        new Experiment(arms, "No E-Mail", responded, converted, revenue, Map.of("newbie", newbie));
    List<Experiment.Arm> compared = e.compare();
    double[] curve = new double[11];
    for (int s = 0; s <= 10; s++) {
      curve[s] = 20 * Math.sqrt(s / 10.0);
    }
    String html =
        ExperimentReport.render(
            "hillstrom.csv",
            compared,
            Map.of("newbie", e.bySegment("newbie")),
            List.of(new ExperimentReport.Qini("Womens", curve, 0.0123, 180)),
            "USD");
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    assertThat(html).contains("against the control arm <strong>No E-Mail</strong>");
    assertThat(html).contains("<td>Mens &lt;E-Mail&gt;</td><td>200</td><td>30.000%</td>");
    assertThat(html).contains("<td>No E-Mail</td><td>200</td><td>10.000%</td>");
    assertThat(html).contains("aria-label=\"lift in response rate with 95% intervals\"");
    assertThat(html).contains("+20.0 pt [");
    assertThat(html).contains("<h3>newbie</h3>").contains("newbie = 1 · Womens");
    assertThat(html).contains("aria-label=\"Qini curve\"").contains("<polyline");
    assertThat(html).contains("Womens: Qini 0.01230 (180 held-out units)");
  }
}
