package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kevin Hillstrom's MineThatData e-mail experiment (2008) through {@code examples/hillstrom}: the
 * per-arm visit rate, conversion rate and spend per customer of ../shared/datasets/hillstrom/
 * SOURCE.md reproduced exactly from the file, each e-mail's lift against the no-e-mail holdout with
 * its 95% interval, and the uplift model's Qini coefficient on held-out customers.
 */
class HillstromIT {
  @TempDir Path tmp;

  @Test
  void perArmFiguresLiftsAndQini() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path ws = tmp.resolve("hillstrom");
    assertThat(Cli.run("init", ws.toString()).exit()).isZero();
    Cli.Run run =
        Cli.run(
            "lift",
            "--workspace",
            ws.toString(),
            "--experiment",
            Cli.repo().resolve("examples/hillstrom/experiment.yaml").toString(),
            data.resolve(
                    "hillstrom/Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv")
                .toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("read=64000 accepted=64000 rejected=0");
    JsonNode root = new ObjectMapper().readTree(ws.resolve("out/lift.json").toFile());
    JsonNode control = arm(root, "No E-Mail");
    JsonNode mens = arm(root, "Mens E-Mail");
    JsonNode womens = arm(root, "Womens E-Mail");

    // SOURCE.md's table: units, visits, conversions and total spend, exactly.
    assertArm(mens, 21_307, 3_894, 267, 30_311.69);
    assertArm(womens, 21_387, 3_238, 189, 23_038.11);
    assertArm(control, 21_306, 2_262, 122, 13_908.33);
    assertThat(mens.get("response_rate").asDouble()).isCloseTo(0.18276, within(5e-6));
    assertThat(mens.get("conversion_rate").asDouble()).isCloseTo(0.012531, within(5e-7));
    assertThat(mens.get("revenue_per_unit").asDouble()).isCloseTo(1.4226, within(5e-5));
    assertThat(womens.get("response_rate").asDouble()).isCloseTo(0.15140, within(5e-6));
    assertThat(womens.get("conversion_rate").asDouble()).isCloseTo(0.008837, within(5e-7));
    assertThat(womens.get("revenue_per_unit").asDouble()).isCloseTo(1.0772, within(5e-5));
    assertThat(control.get("response_rate").asDouble()).isCloseTo(0.10617, within(5e-6));
    assertThat(control.get("conversion_rate").asDouble()).isCloseTo(0.005726, within(5e-7));
    assertThat(control.get("revenue_per_unit").asDouble()).isCloseTo(0.6528, within(5e-5));

    // Lifts against the holdout (SOURCE.md): Mens +7.66 pp visits, +0.681 pp conversion,
    // +$0.770 a customer; Womens +4.52 pp, +0.311 pp, +$0.424. Each interval excludes zero.
    assertLift(mens.get("response_lift"), 0.0766, 0.00005);
    assertLift(mens.get("conversion_lift"), 0.00681, 0.00001);
    assertLift(mens.get("revenue_lift"), 0.770, 0.0005);
    assertLift(womens.get("response_lift"), 0.0452, 0.00005);
    assertLift(womens.get("conversion_lift"), 0.00311, 0.00001);
    assertLift(womens.get("revenue_lift"), 0.424, 0.0005);
    // Welch's interval by hand: SE = sqrt(s1^2/n1 + s0^2/n0), the t quantile near 1.96.
    JsonNode w = mens.get("revenue_lift");
    assertThat(w.get("ci95_high").asDouble() - w.get("difference").asDouble())
        .isCloseTo(w.get("difference").asDouble() - w.get("ci95_low").asDouble(), within(1e-9));
    JsonNode boot = mens.get("revenue_lift_bootstrap");
    assertThat(boot.get("difference").asDouble()).isEqualTo(w.get("difference").asDouble());
    assertThat(boot.get("ci95_low").asDouble()).isPositive();

    // By segment: the three segmentations of the spec, every value present.
    assertThat(root.at("/by_segment/zip_code").size()).isEqualTo(3);
    assertThat(root.at("/by_segment/channel").size()).isEqualTo(3);

    // The uplift model is reported with its held-out Qini coefficient.
    JsonNode up = root.at("/uplift/Mens E-Mail");
    assertThat(up.get("test_units").asInt()).isBetween(12_700, 12_900);
    assertThat(up.get("qini_curve").size()).isEqualTo(101);
    assertThat(up.get("qini_coefficient").isNumber()).isTrue();

    // The page: the arms, the lifts with intervals, and both Qini curves.
    String page = java.nio.file.Files.readString(ws.resolve("out/lift.html"));
    assertThat(page).contains("<td>Mens E-Mail</td><td>21,307</td><td>18.276%</td>");
    assertThat(page).contains("aria-label=\"lift in response rate with 95% intervals\"");
    assertThat(page).contains("newbie = 0 · Womens E-Mail");
    assertThat(page).contains("aria-label=\"Qini curve\"");
    assertThat(page)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "Mens E-Mail: Qini %.5f (12,",
                up.get("qini_coefficient").asDouble()));
  }

  private static JsonNode arm(JsonNode root, String name) {
    for (JsonNode a : root.get("arms")) {
      if (a.get("arm").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no arm " + name);
  }

  private static void assertArm(
      JsonNode a, long units, long visits, long conversions, double revenue) {
    assertThat(a.get("units").asLong()).isEqualTo(units);
    assertThat(a.get("responses").asLong()).isEqualTo(visits);
    assertThat(a.get("conversions").asLong()).isEqualTo(conversions);
    assertThat(a.get("revenue").asDouble()).isCloseTo(revenue, within(0.005));
  }

  private static void assertLift(JsonNode l, double expected, double tolerance) {
    assertThat(l.get("difference").asDouble()).isCloseTo(expected, within(tolerance));
    assertThat(l.get("significant").asBoolean()).isTrue();
    assertThat(l.get("ci95_low").asDouble()).isLessThan(expected);
    assertThat(l.get("ci95_high").asDouble()).isGreaterThan(expected);
  }
}
