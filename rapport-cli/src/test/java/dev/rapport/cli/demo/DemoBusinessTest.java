package dev.rapport.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.cli.Cli;
import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoBusinessTest {
  @TempDir static Path dir;
  static List<String[]> rows;
  static Map<String, String[]> truth;

  @BeforeAll
  static void generate() throws Exception {
    DemoBusiness.generate(dir.resolve("a"), 600, 7);
    rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("a/data/interactions.csv"));
    assertThat(lines.get(0)).isEqualTo(DemoBusiness.HEADER);
    for (String line : lines.subList(1, lines.size())) {
      rows.add(split(line));
    }
    truth = new HashMap<>();
    List<String> t = Files.readAllLines(dir.resolve("a/truth/ground_truth.csv"));
    for (String line : t.subList(1, t.size())) {
      String[] f = line.split(",", -1);
      truth.put(f[0], f);
    }
  }

  static String[] split(String line) {
    return Cli.split(line).toArray(new String[0]);
  }

  @Test
  void generate_sameSeed_sameBytes_otherSeed_otherBytes() throws Exception {
    DemoBusiness.generate(dir.resolve("b"), 600, 7);
    DemoBusiness.generate(dir.resolve("c"), 600, 8);
    byte[] a = Files.readAllBytes(dir.resolve("a/data/interactions.csv"));
    assertThat(Files.readAllBytes(dir.resolve("b/data/interactions.csv"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("b/truth/ground_truth.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a/truth/ground_truth.csv")));
    assertThat(Files.readAllBytes(dir.resolve("c/data/interactions.csv"))).isNotEqualTo(a);
  }

  @Test
  void everyRowParses_isSorted_andEveryCustomerAppears() {
    Instant previous = Instant.MIN;
    Set<String> ids = new HashSet<>();
    Set<String> customers = new HashSet<>();
    for (String[] f : rows) {
      assertThat(f).hasSize(20);
      Instant ts = Instant.parse(f[1]);
      assertThat(ts).isAfterOrEqualTo(previous);
      previous = ts;
      assertThat(ids.add(f[0])).as("unique event id %s", f[0]).isTrue();
      Channel.parse(f[7]);
      Kind.parse(f[8]);
      if (!f[9].isEmpty()) {
        Outcome.parse(f[9]);
        assertThat(f[8]).isEqualTo("touch");
      }
      assertThat(f[2] + f[3] + f[4] + f[5] + f[6]).isNotEmpty();
      if (!f[2].isEmpty()) {
        customers.add(f[2]);
      }
    }
    assertThat(customers).hasSize(600);
    assertThat(rows.size() / 600.0).isBetween(60.0, 250.0);
  }

  @Test
  void truth_hasAllStyles_andChurnedCustomersGoQuiet() {
    Map<String, Integer> styles = new HashMap<>();
    truth.values().forEach(t -> styles.merge(t[1], 1, Integer::sum));
    assertThat(styles.keySet())
        .containsExactlyInAnyOrder(
            "transactional", "relational", "behavioral", "emotional", "social");
    assertThat(styles.values()).allMatch(n -> n >= 30);
    Map<String, String> emailToCustomer = new HashMap<>();
    for (String id : truth.keySet()) {
      emailToCustomer.put("customer" + Integer.parseInt(id.substring(1)) + "@example.com", id);
    }
    for (String[] f : rows) {
      String customer = !f[2].isEmpty() ? f[2] : emailToCustomer.get(f[3]);
      if (customer == null) {
        continue;
      }
      String[] t = truth.get(customer);
      Kind kind = Kind.parse(f[8]);
      boolean agent = kind == Kind.TICKET && !f[18].equals("opened");
      if (t[2].equals("true")
          && kind.isInbound()
          && !agent
          && kind != Kind.UNSUBSCRIBE
          && kind != Kind.CANCEL) {
        Instant churn = LocalDate.parse(t[3]).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(Instant.parse(f[1])).as("%s after churn", f[0]).isBefore(churn);
      }
    }
  }

  @Test
  void values_scores_andStylesBehaveAsIntended() {
    Map<String, int[]> perStyle = new HashMap<>();
    for (String[] f : rows) {
      Kind kind = Kind.parse(f[8]);
      if (kind == Kind.RETURN) {
        assertThat(Double.parseDouble(f[13])).isNegative();
      }
      if (kind == Kind.PURCHASE) {
        assertThat(Double.parseDouble(f[13])).isPositive();
      }
      if (kind == Kind.SURVEY) {
        int s = Integer.parseInt(f[15]);
        assertThat(s).isBetween(f[10].equals("nps") ? 0 : 1, f[10].equals("nps") ? 10 : 5);
      }
      if (f[2].isEmpty()) {
        continue;
      }
      int[] c = perStyle.computeIfAbsent(truth.get(f[2])[1], k -> new int[4]);
      if (kind == Kind.REFERRAL) {
        c[0]++;
      }
      if (kind == Kind.TOUCH && f[7].equals("email")) {
        c[1]++;
      }
      if (kind == Kind.RESPONSE && f[7].equals("email")) {
        c[2]++;
      }
    }
    Map<String, Integer> heads = new HashMap<>();
    truth.values().forEach(t -> heads.merge(t[1], 1, Integer::sum));
    double socialRefs = perStyle.get("social")[0] / (double) heads.get("social");
    double transactionalRefs =
        perStyle.get("transactional")[0] / (double) heads.get("transactional");
    assertThat(socialRefs).isGreaterThan(5 * Math.max(transactionalRefs, 0.01));
    double relationalRate = perStyle.get("relational")[2] / (double) perStyle.get("relational")[1];
    double transactionalRate =
        perStyle.get("transactional")[2] / (double) perStyle.get("transactional")[1];
    assertThat(relationalRate).isGreaterThan(2 * transactionalRate);
  }
}
