package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UCI Online Retail through {@code examples/online-retail}: every row accounted for, 4,372
 * customers (the figure quoted for the UCI file), cancellations as returns, and the accepted
 * revenue equal to a direct sum over the same rows of the file.
 */
class OnlineRetailIT {
  @TempDir Path tmp;

  @Test
  void onlineRetail_everyRowAccountedFor_andRevenueReconciles() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path csv = data.resolve("online_retail_uci/OnlineRetail.csv");
    Path ws = tmp.resolve("retail");
    Cli.Run imported = Cli.importExample(ws, "online-retail", csv);
    assertThat(imported.exit()).as(imported.err()).isZero();
    Matcher m =
        Pattern.compile("read=(\\d+) accepted=(\\d+) rejected=(\\d+) duplicate=(\\d+)")
            .matcher(imported.out());
    assertThat(m.find()).as(imported.out()).isTrue();
    long read = Long.parseLong(m.group(1));
    long accepted = Long.parseLong(m.group(2));
    long rejected = Long.parseLong(m.group(3));
    long duplicate = Long.parseLong(m.group(4));
    assertThat(read).isEqualTo(541_909);
    assertThat(accepted + rejected + duplicate).isEqualTo(read);
    // Identical lines within one file are separate invoice lines (docs/MAPPING.md, duplicates).
    assertThat(duplicate).isZero();

    // Rejects: the 135,080 rows without a CustomerID, each with its reason. Rules are checked
    // first, so the two "Adjust bad debt" lines (negative price, no customer) are rejected for
    // the price.
    Path rejectsFile;
    try (Stream<Path> files = Files.list(ws.resolve("rejects"))) {
      rejectsFile = files.findFirst().orElseThrow();
    }
    List<Map<String, String>> rejects = Cli.readCsv(rejectsFile);
    assertThat(rejects).hasSize((int) rejected);
    assertThat(rejects).allSatisfy(r -> assertThat(r.get("rule")).isNotBlank());
    assertThat(rejected).isEqualTo(135_080);
    long noCustomer = rejects.stream().filter(r -> r.get("field").equals("CustomerID")).count();
    long badPrice = rejects.stream().filter(r -> r.get("field").equals("UnitPrice")).count();
    assertThat(badPrice).isEqualTo(2);
    assertThat(noCustomer).isEqualTo(135_078);

    // Direct sum over the accepted rows: CustomerID present and UnitPrice >= 0.
    BigDecimal direct = BigDecimal.ZERO;
    long acceptedRows = 0;
    long cancellations = 0;
    Map<String, java.util.TreeSet<YearMonth>> purchaseMonths = new java.util.HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        List<String> f = Cli.split(line);
        if (f.get(6).isEmpty() || new BigDecimal(f.get(5)).signum() < 0) {
          continue;
        }
        acceptedRows++;
        cancellations += f.get(0).startsWith("C") ? 1 : 0;
        boolean purchase =
            !f.get(0).startsWith("C")
                && new BigDecimal(f.get(3)).multiply(new BigDecimal(f.get(5))).signum() >= 0;
        if (purchase) {
          purchaseMonths
              .computeIfAbsent(f.get(6), k -> new java.util.TreeSet<>())
              .add(YearMonth.parse(f.get(4).substring(0, 7)));
        }
        direct = direct.add(new BigDecimal(f.get(3)).multiply(new BigDecimal(f.get(5))));
      }
    }
    assertThat(accepted + duplicate).isEqualTo(acceptedRows);

    Cli.Run analyzed = Cli.run("analyze", "--workspace", ws.toString());
    assertThat(analyzed.exit()).as(analyzed.err()).isZero();
    List<Map<String, String>> customers = Cli.readCsv(ws.resolve("out/customers.csv"));
    assertThat(customers).hasSize(4_372);
    long returns = customers.stream().mapToLong(c -> Long.parseLong(c.get("returns"))).sum();
    BigDecimal net =
        customers.stream()
            .map(c -> new BigDecimal(c.get("net_revenue")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(returns).isEqualTo(cancellations);
    assertThat(net.subtract(direct).abs()).isLessThan(new BigDecimal("0.01"));

    // The cohort retention matrix by first-purchase month, against the same rows counted here.
    Cli.Run kpi = Cli.run("kpi", "--workspace", ws.toString());
    assertThat(kpi.exit()).as(kpi.err()).isZero();
    JsonNode cohorts =
        new ObjectMapper().readTree(ws.resolve("out/kpis.json").toFile()).path("cohorts");
    Map<YearMonth, long[]> expected = new TreeMap<>();
    YearMonth last = YearMonth.of(2011, 12);
    for (java.util.TreeSet<YearMonth> months : purchaseMonths.values()) {
      YearMonth first = months.first();
      long[] row =
          expected.computeIfAbsent(
              first, ym -> new long[(int) ym.until(last, ChronoUnit.MONTHS) + 1]);
      for (YearMonth bought : months) {
        row[(int) first.until(bought, ChronoUnit.MONTHS)]++;
      }
    }
    assertThat(cohorts.size()).isEqualTo(expected.size()).isEqualTo(13); // 2010-12 .. 2011-12
    int i = 0;
    for (Map.Entry<YearMonth, long[]> e : expected.entrySet()) {
      JsonNode row = cohorts.get(i++);
      assertThat(row.path("cohort").asText()).isEqualTo(e.getKey().toString());
      long[] got = new long[row.path("retained").size()];
      for (int k = 0; k < got.length; k++) {
        got[k] = row.path("retained").get(k).asLong();
      }
      assertThat(got).as(e.getKey().toString()).containsExactly(e.getValue());
    }
    // December 2010, the first cohort: 885 customers, of whom 324 bought again in January.
    assertThat(cohorts.get(0).path("customers").asLong()).isEqualTo(885);
    assertThat(cohorts.get(0).path("retained").get(1).asLong()).isEqualTo(324);
  }
}
