package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CDNOW master file through {@code examples/cdnow}: the counts in the dataset's SOURCE.md, and the
 * BG/NBD inputs (frequency, recency, T in weeks, calibration ending 1997-09-30) of the 2,357
 * customers of the 1/10 sample, as published with Fader, Hardie &amp; Lee (2005), "Counting Your
 * Customers the Easy Way", Marketing Science 24(2), and shipped as cdnow_customers_summary.csv.
 */
class CdnowIT {
  @TempDir Path tmp;

  @Test
  void cdnowMaster_countsRevenueAndBgNbdInputsMatchThePublishedSummary() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path ws = tmp.resolve("cdnow");
    Cli.Run imported = Cli.importExample(ws, "cdnow", data.resolve("cdnow/CDNOW_master.txt"));
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("read=69659 accepted=69659 rejected=0 duplicate=0");

    // Whole period: 23,570 customers, 69,659 purchases, $2,500,315.63.
    Cli.Run all = Cli.run("analyze", "--workspace", ws.toString());
    assertThat(all.exit()).as(all.err()).isZero();
    List<Map<String, String>> customers = Cli.readCsv(ws.resolve("out/customers.csv"));
    assertThat(customers).hasSize(23_570);
    assertThat(customers.stream().mapToLong(r -> Long.parseLong(r.get("purchases"))).sum())
        .isEqualTo(69_659);
    BigDecimal revenue =
        customers.stream()
            .map(r -> new BigDecimal(r.get("revenue")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(revenue.setScale(2, java.math.RoundingMode.HALF_EVEN))
        .isEqualByComparingTo("2500315.63");

    // Calibration period: the published summary of the 1/10 sample.
    Cli.Run calibration = Cli.run("analyze", "--workspace", ws.toString(), "--as-of", "1997-09-30");
    assertThat(calibration.exit()).as(calibration.err()).isZero();
    // 4,960 of the sample's 6,919 transactions are on or before 1997-09-30 (SOURCE.md); for the
    // master file the split is 49,086 / 20,573.
    assertThat(calibration.out()).contains("events=49086 after_as_of=20573 ");
    Map<String, Map<String, String>> byId = new HashMap<>();
    for (Map<String, String> r : Cli.readCsv(ws.resolve("out/customers.csv"))) {
      byId.put(r.get("customer_id"), r);
    }
    Map<String, String> masterIdOfSampleId = new HashMap<>();
    for (String line : Files.readAllLines(data.resolve("cdnow/CDNOW_sample.txt"))) {
      String[] f = line.trim().split("\\s+");
      masterIdOfSampleId.put(Integer.toString(Integer.parseInt(f[1])), f[0]);
    }
    List<Map<String, String>> summary =
        Cli.readCsv(data.resolve("cdnow/cdnow_customers_summary.csv"));
    assertThat(summary).hasSize(2_357);
    for (Map<String, String> s : summary) {
      Map<String, String> p = byId.get(masterIdOfSampleId.get(s.get("ID")));
      assertThat(p).as("sample customer %s", s.get("ID")).isNotNull();
      assertThat(Double.parseDouble(p.get("frequency")))
          .as("frequency of %s", s.get("ID"))
          .isEqualTo(Double.parseDouble(s.get("frequency")));
      // The summary file rounds to two decimals.
      assertThat(Double.parseDouble(p.get("recency")))
          .as("recency of %s", s.get("ID"))
          .isCloseTo(Double.parseDouble(s.get("recency")), within(0.005 + 1e-9));
      assertThat(Double.parseDouble(p.get("T")))
          .as("T of %s", s.get("ID"))
          .isCloseTo(Double.parseDouble(s.get("T")), within(0.005 + 1e-9));
    }
  }
}
