package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Olist marketing funnel through {@code examples/olist}: qualified-lead → closed-deal
 * conversion overall and by lead origin, as {@code olist_marketing_funnel/SOURCE.md} lists it (842
 * / 8,000 = 10.525%; organic_search 271 / 2,296, ...).
 */
class OlistFunnelIT {
  @TempDir Path tmp;

  /** SOURCE.md's reference: origin → {deals, leads}; "(none)" is the blank origin. */
  static final Map<String, long[]> REFERENCE =
      Map.ofEntries(
          Map.entry("organic_search", new long[] {271, 2296}),
          Map.entry("paid_search", new long[] {195, 1586}),
          Map.entry("social", new long[] {75, 1350}),
          Map.entry("unknown", new long[] {179, 1099}),
          Map.entry("direct_traffic", new long[] {56, 499}),
          Map.entry("email", new long[] {15, 493}),
          Map.entry("referral", new long[] {24, 284}),
          Map.entry("display", new long[] {6, 118}),
          Map.entry("other", new long[] {4, 150}),
          Map.entry("other_publicities", new long[] {3, 65}),
          Map.entry("(none)", new long[] {14, 60}));

  @Test
  void leadToDealConversion_overallAndByOrigin() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path dir = data.resolve("olist_marketing_funnel");
    Path ws = tmp.resolve("olist");
    Path mql = dir.resolve("olist_marketing_qualified_leads_dataset.csv");
    Cli.Run leads = Cli.importExample(ws, "olist", "mql.yaml", mql);
    assertThat(leads.out()).as(leads.err()).contains("read=8000 accepted=8000 rejected=0");
    Cli.Run origins = importMore(ws, "mql-customers.yaml", mql);
    assertThat(origins.out()).as(origins.err()).contains("read=8000 accepted=8000 rejected=0");
    Cli.Run deals = importMore(ws, "deals.yaml", dir.resolve("olist_closed_deals_dataset.csv"));
    assertThat(deals.out()).as(deals.err()).contains("read=842 accepted=842 rejected=0");

    Cli.Run kpi = Cli.run("kpi", "--workspace", ws.toString(), "--by", "origin");
    assertThat(kpi.exit()).as(kpi.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(ws.resolve("out/kpis.json").toFile());

    // Conversion: leads with a deal / leads, exactly as published.
    JsonNode all = root.path("overall").path("all");
    assertThat(all.path("customers").asLong()).isEqualTo(8000);
    assertThat(all.path("buyers").asLong()).isEqualTo(842);
    assertThat(all.path("conversion_rate").asDouble()).isEqualTo(0.10525);
    Map<String, long[]> byOrigin = new HashMap<>();
    for (JsonNode g : root.path("by").path("groups")) {
      byOrigin.put(
          g.path("key").asText(),
          new long[] {
            g.path("kpis").path("buyers").asLong(), g.path("kpis").path("customers").asLong()
          });
    }
    assertThat(byOrigin.keySet()).isEqualTo(REFERENCE.keySet());
    REFERENCE.forEach(
        (origin, ref) -> assertThat(byOrigin.get(origin)).as(origin).containsExactly(ref));

    // The ordered funnel (signup, then a deal within 730 days) counts one deal fewer: lead
    // b91cf881... (organic_search) was won on 2018-03-06, two days before its first contact on
    // 2018-03-08, so its deal is no step after the signup.
    JsonNode funnel = root.path("funnels").get(0);
    assertThat(funnel.path("name").asText()).isEqualTo("lead_to_deal");
    assertThat(funnel.path("reached").get(0).asLong()).isEqualTo(8000);
    assertThat(funnel.path("reached").get(1).asLong()).isEqualTo(841);
    assertThat(funnel.path("by_origin").path("organic_search").path("reached").get(1).asLong())
        .isEqualTo(270);
    assertThat(funnel.path("by_origin").path("paid_search").path("reached").get(1).asLong())
        .isEqualTo(195);

    // Attribution: each lead's journey is its one signup, on the channel its origin maps to
    // (mql.yaml), so every model, Markov included, credits each channel with the deals of its
    // origins: web = organic_search 270 (the deal won before first contact is direct) +
    // paid_search 195 + direct_traffic 56 + referral 24 + display 6; other = unknown 179 + other
    // 4 + other_publicities 3 + blank 14.
    JsonNode journeys = new ObjectMapper().readTree(ws.resolve("out/journeys.json").toFile());
    assertThat(journeys.path("journeys").path("converted").asLong()).isEqualTo(841);
    assertThat(journeys.path("journeys").path("direct_purchases").asLong()).isEqualTo(1);
    Map<String, Long> expected = Map.of("web", 551L, "other", 200L, "social", 75L, "email", 15L);
    JsonNode byChannel = journeys.path("attribution").path("by_channel");
    assertThat(byChannel).hasSize(expected.size());
    for (JsonNode c : byChannel) {
      for (String model :
          List.of("first_touch", "last_touch", "linear", "position_based", "markov")) {
        assertThat(c.path("conversions").path(model).asDouble())
            .as(c.path("name").asText() + " " + model)
            .isCloseTo(expected.get(c.path("name").asText()), within(1e-3));
      }
    }
  }

  private static Cli.Run importMore(Path ws, String mapping, Path input) {
    return Cli.run(
        "import",
        "--workspace",
        ws.toString(),
        "--no-progress",
        "--mapping",
        Cli.repo().resolve("examples/olist/" + mapping).toString(),
        input.toString());
  }
}
