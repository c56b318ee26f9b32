package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on small files, as a new user would run them. */
class CommandLineTest {
  @TempDir Path tmp;
  Path ws;
  Path mapping;

  static final String MAPPING =
      "source: shop\n"
          + "csv: {delimiter: \",\", header: true}\n"
          + "event_id: {column: id}\n"
          + "timestamp: {column: when, format: \"yyyy-MM-dd HH:mm\", zone: UTC}\n"
          + "identifiers:\n"
          + "  - {type: customer_id, column: customer}\n"
          + "  - {type: email, column: email}\n"
          + "channel: {column: channel}\n"
          + "kind: {column: kind}\n"
          + "value: {column: amount}\n";

  @BeforeEach
  void setUp() throws Exception {
    ws = tmp.resolve("ws");
    mapping = tmp.resolve("mapping.yaml");
    Files.writeString(mapping, MAPPING);
  }

  private Path file(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private Cli.Run importFile(Path f) {
    return Cli.run(
        "import",
        "--workspace",
        ws.toString(),
        "--mapping",
        mapping.toString(),
        "--no-progress",
        f.toString());
  }

  @Test
  void init_writesEveryDefault_andRefusesToOverwrite() throws Exception {
    Cli.Run r = Cli.run("init", ws.toString());
    assertThat(r.exit()).isZero();
    String yaml = Files.readString(ws.resolve("rapport.yaml"));
    assertThat(yaml)
        .contains("response_window", "half_life", "blocklist", "time_unit", "max_per_customer");
    assertThat(Cli.run("init", ws.toString()).exit()).isNotZero();
  }

  @Test
  void importAnalyzeCustomer_endToEnd_mergesChannelsIntoOneProfile() throws Exception {
    Cli.run("init", ws.toString());
    Path f =
        file(
            "events.csv",
            "id,when,customer,email,channel,kind,amount\n"
                + "1,2024-03-01 09:00,C1,ann@example.com,email,touch,\n"
                + "2,2024-03-01 12:00,,Ann@Example.com,email,response,\n"
                + "3,2024-03-02 10:00,C1,,web,purchase,40.5\n"
                + "4,2024-03-03 10:00,C2,bob@example.com,sms,touch,\n"
                + "5,2024-03-20 10:00,,bob@example.com,web,purchase,10\n");
    Cli.Run imported = importFile(f);
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("read=5 accepted=5 rejected=0 duplicate=0");
    assertThat(importFile(f).out()).contains("read=5 accepted=0 rejected=0 duplicate=5");

    Cli.Run analyzed = Cli.run("analyze", "--workspace", ws.toString());
    assertThat(analyzed.exit()).as(analyzed.err()).isZero();
    List<Map<String, String>> rows = Cli.readCsv(ws.resolve("out/customers.csv"));
    assertThat(rows).extracting(r -> r.get("customer_id")).containsExactly("C1", "C2");
    assertThat(rows.get(0))
        .containsEntry("engaged", "1")
        .containsEntry("purchases", "1")
        .containsEntry("revenue", "40.5");
    assertThat(rows.get(1)).containsEntry("unengaged", "1").containsEntry("purchases", "1");
    assertThat(rows.get(0).keySet())
        .contains(
            "customer_id",
            "first_seen",
            "last_seen",
            "purchases",
            "revenue",
            "frequency",
            "recency",
            "T",
            "monetary_value",
            "engagement_score");
    assertThat(Files.readString(ws.resolve("out/report.html"))).contains("<svg");
    // Two customers are no training set: the churn columns are there, empty, and the run says why.
    assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("churn_risk", ""));
    assertThat(analyzed.out()).contains("churn risk not modelled: at the cutoff ");

    Cli.Run customer = Cli.run("customer", "--workspace", ws.toString(), "email:ANN@example.com");
    assertThat(customer.exit()).as(customer.err()).isZero();
    assertThat(customer.out())
        .contains("customer C1")
        .contains("email:ann@example.com")
        .contains("purchase")
        .contains("response");
    assertThat(Cli.run("customer", "--workspace", ws.toString(), "C2").out())
        .contains("customer C2");
    assertThat(Cli.run("customer", "--workspace", ws.toString(), "nobody").exit()).isEqualTo(1);
  }

  @Test
  void import_malformedRows_areRejectedWithReasons_andNothingCrashes() throws Exception {
    Cli.run("init", ws.toString());
    byte[] bad =
        "6,2024-03-05 10:00,C9,,web,purchase,\"caf\u00e9\"\n".getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("id,when,customer,email,channel,kind,amount\n"
                + "1,2024-13-01 09:00,C1,,email,touch,\n"
                + "2,2024-03-01 12:00,,,email,response,\n"
                + "3,2024-03-01 12:00,C3,,pigeon,touch,\n"
                + "4,2024-03-01 12:00,C4,,web,purchase,1,5\n"
                + "5,2024-03-01 12:00,C5,,web,purchase,12.5\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] invalidUtf8 = {
      '7',
      ',',
      '2',
      '0',
      '2',
      '4',
      '-',
      '0',
      '3',
      '-',
      '0',
      '1',
      ' ',
      '1',
      '0',
      ':',
      '0',
      '0',
      ',',
      'C',
      (byte) 0xC3,
      (byte) 0x28,
      ',',
      ',',
      'w',
      'e',
      'b',
      ',',
      's',
      'i',
      'g',
      'n',
      'u',
      'p',
      ',',
      '\n'
    };
    byte[] truncated = "8,2024-03-01 10:00,C8".getBytes(StandardCharsets.UTF_8);
    Path f = tmp.resolve("bad.csv");
    try (var out = Files.newOutputStream(f)) {
      out.write(head);
      out.write(bad);
      out.write(invalidUtf8);
      out.write(truncated);
    }
    Cli.Run r = importFile(f);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("read=8 accepted=1 rejected=7 duplicate=0");
    assertThat(r.err()).contains("rejected rows by reason:").contains("when: timestamp format");
    Path rejects;
    try (Stream<Path> files = Files.list(ws.resolve("rejects"))) {
      rejects = files.findFirst().orElseThrow();
    }
    String text = Files.readString(rejects);
    assertThat(text).contains("bad.csv").contains("when").contains("2024-13-01").contains("pigeon");
    assertThat(Cli.readCsv(rejects))
        .hasSize(7)
        .allSatisfy(row -> assertThat(row.get("line")).isNotBlank());
  }

  @Test
  void import_wrongDelimiter_isAClearFileError() throws Exception {
    Cli.run("init", ws.toString());
    Path f =
        file(
            "semi.csv",
            "id;when;customer;email;channel;kind;amount\n1;2024-03-01 09:00;C1;;email;touch;\n");
    Cli.Run r = importFile(f);
    assertThat(r.exit()).isEqualTo(Main.DATA_ERROR);
    assertThat(r.err()).contains("semi.csv").contains("';'");
  }

  @Test
  void analyze_anEmptyWorkspace_writesTheReport() throws Exception {
    Path ws = tmp.resolve("empty");
    assertThat(Cli.run("init", ws.toString()).exit()).isZero();
    Cli.Run run = Cli.run("analyze", "--workspace", ws.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(ws.resolve("out/report.html")).exists();
    assertThat(Files.readString(ws.resolve("out/journeys.json"))).contains("\"converted\" : 0");
  }

  @Test
  void analyze_withoutWorkspace_saysHowToCreateOne() {
    Cli.Run r = Cli.run("analyze", "--workspace", tmp.resolve("none").toString());
    assertThat(r.exit()).isEqualTo(Main.DATA_ERROR);
    assertThat(r.err()).contains("rapport init");
  }

  @Test
  void demo_generatesImportsAndAnalyzes_oneRowPerCustomer_andSameSeedSameProfiles()
      throws Exception {
    Path a = tmp.resolve("demo-a");
    Cli.Run run =
        Cli.run(
            "demo", "--out", a.toString(), "--customers", "300", "--seed", "5", "--no-progress");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("customers=300 ");
    List<Map<String, String>> rows = Cli.readCsv(a.resolve("out/customers.csv"));
    assertThat(rows).hasSize(300);
    assertThat(Files.exists(a.resolve("truth/ground_truth.csv"))).isTrue();
    assertThat(Files.readString(a.resolve("out/report.html")))
        .contains("How are we doing")
        .contains("Engaged and unengaged, by channel");
    // Running again into the same folder starts clean and gives the same profiles.
    String first = Files.readString(a.resolve("out/customers.csv"));
    assertThat(
            Cli.run(
                    "demo",
                    "--out",
                    a.toString(),
                    "--customers",
                    "300",
                    "--seed",
                    "5",
                    "--no-progress")
                .exit())
        .isZero();
    assertThat(Files.readString(a.resolve("out/customers.csv"))).isEqualTo(first);

    // The KPIs of the same workspace: a table, kpis.json, and a clear error for an unknown --by.
    Cli.Run kpi = Cli.run("kpi", "--workspace", a.toString(), "--by", "stage");
    assertThat(kpi.exit()).as(kpi.err()).isZero();
    assertThat(kpi.out()).contains("all customers  engaged only").contains("stage ");
    assertThat(Files.exists(a.resolve("out/kpis.json"))).isTrue();
    Cli.Run bad = Cli.run("kpi", "--workspace", a.toString(), "--by", "colour");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err())
        .contains("--by colour: not a dimension (segment, stage, tier, channel, month, campaign)")
        .contains("country");
  }

  @Test
  void demo_refusesAFolderThatIsNotAnEarlierDemo() throws Exception {
    Path other = tmp.resolve("precious");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "keep me");
    Cli.Run run = Cli.run("demo", "--out", other.toString(), "--customers", "10");
    assertThat(run.exit()).isEqualTo(Main.DATA_ERROR);
    assertThat(Files.readString(other.resolve("notes.txt"))).isEqualTo("keep me");
  }

  @Test
  void aBrokenSegmentRuleInTheWorkspaceFailsNamingFileSegmentAndPosition() throws Exception {
    Path ws = tmp.resolve("ws-bad-segment");
    assertThat(Cli.run("init", ws.toString()).exit()).isZero();
    Path yaml = ws.resolve("rapport.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace("valuable_at_risk: '", "valuable_at_risk: 'revenue > 1 and ("));
    Cli.Run r = Cli.run("analyze", "--workspace", ws.toString());
    assertThat(r.exit()).isEqualTo(Main.DATA_ERROR);
    assertThat(r.err())
        .contains("rapport.yaml")
        .contains("segment valuable_at_risk: line 1, column 70: expected ')' to close");
  }
}
