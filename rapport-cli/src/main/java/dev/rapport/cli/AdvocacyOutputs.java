package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.advocacy.Advocacy;
import dev.rapport.analytics.advocacy.ReferralGraph;
import dev.rapport.analytics.advocacy.Reviews;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.kpi.Nps;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The advocacy view of a workspace: referral and review events read back from the store and
 * attributed to customers, the referral graph and its advocates, and promoters; written to {@code
 * out/advocates.csv}, {@code out/referrals.csv} (who referred whom) and {@code out/advocacy.json}.
 */
final class AdvocacyOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String ADVOCATES_HEADER =
      "rank,customer_id,referrals,reach,pagerank,referred_buyers,referred_revenue";
  static final String REFERRALS_HEADER = "referrer,referred,referred_is_customer,referred_bought";

  private AdvocacyOutputs() {}

  /**
   * Reads the referrals and reviews of the analysed period. A referral's referrer is the customer
   * of its identifiers; whom it referred is the value of {@code referredAttribute}, an identifier
   * {@code type:value} or a bare customer id, resolved to a customer where one has it, and kept as
   * that identifier where nobody does (referred, never seen). A referral that names nobody is not
   * an edge and is counted in {@link Result#unnamed}.
   */
  static Result of(Store store, BatchResult r, ProfileIndex index, String referredAttribute) {
    List<ReferralGraph.Edge> edges = new ArrayList<>();
    // Only the people of the graph: most customers never refer nor are referred.
    Map<String, Advocacy.Customer> customers = new HashMap<>();
    Reviews reviews = new Reviews();
    long[] unnamed = new long[1];
    store.forEachEventOfKind(
        r.asOf(),
        EnumSet.of(Kind.REFERRAL, Kind.REVIEW),
        e -> {
          if (e.kind() == Kind.REVIEW) {
            reviews.add(e.score(), e.text() != null && !e.text().isBlank());
            return;
          }
          int from = index.profileOf(e.identifiers());
          Identifier to = referred(e, referredAttribute);
          if (from < 0 || to == null) {
            unnamed[0]++;
            return;
          }
          int p = index.profileOf(to);
          String referrer = customer(r.profiles().get(from), customers);
          edges.add(
              new ReferralGraph.Edge(
                  referrer, p >= 0 ? customer(r.profiles().get(p), customers) : to.toString()));
        });
    long promoters = 0;
    long answered = 0;
    for (ServiceEvidence s : r.services()) {
      if (!Double.isNaN(s.lastNps())) {
        answered++;
        promoters += Nps.isPromoter(s.lastNps()) ? 1 : 0;
      }
    }
    return new Result(Advocacy.of(edges, customers, reviews, promoters, answered), unnamed[0]);
  }

  /** The customer's id, remembering what the graph needs to know of them. */
  private static String customer(CustomerProfile p, Map<String, Advocacy.Customer> customers) {
    customers.computeIfAbsent(
        p.customerId(), id -> new Advocacy.Customer(p.purchases(), p.netRevenue()));
    return p.customerId();
  }

  /**
   * The advocacy view and the referrals left out of the graph.
   *
   * @param unnamed referral events without a referred person, or whose referrer is no customer
   */
  record Result(Advocacy advocacy, long unnamed) {}

  /** The person a referral names: {@code type:value} when the type is known, else a customer id. */
  static Identifier referred(Interaction e, String attribute) {
    String v = e.attributes().get(attribute);
    if (v == null || v.isBlank()) {
      return null;
    }
    int colon = v.indexOf(':');
    if (colon > 0) {
      try {
        return Identifier.parse(v.strip());
      } catch (IllegalArgumentException notTyped) {
        // a customer id that happens to hold a colon
      }
    }
    try {
      return Identifier.of(Identifier.CUSTOMER_ID, v);
    } catch (IllegalArgumentException empty) {
      return null;
    }
  }

  static void write(Path out, Result result) {
    Advocacy a = result.advocacy();
    StringBuilder csv = new StringBuilder(ADVOCATES_HEADER).append('\n');
    int rank = 0;
    for (Advocacy.Advocate v : a.advocates()) {
      csv.append(++rank)
          .append(',')
          .append(CustomerTable.csv(v.customerId()))
          .append(',')
          .append(v.referrals())
          .append(',')
          .append(v.reach())
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", v.pageRank()))
          .append(',')
          .append(v.referredBuyers())
          .append(',')
          .append(String.format(Locale.ROOT, "%.2f", v.referredRevenue()))
          .append('\n');
    }
    // Who referred whom: the graph's edges, referrers in order of first referral.
    StringBuilder edges = new StringBuilder(REFERRALS_HEADER).append('\n');
    for (String from : a.graph().nodes()) {
      for (String to : a.graph().referredBy(from)) {
        Advocacy.Customer c = a.customers().get(to);
        edges
            .append(CustomerTable.csv(from))
            .append(',')
            .append(CustomerTable.csv(to))
            .append(',')
            .append(c != null)
            .append(',')
            .append(c != null && c.purchases() > 0)
            .append('\n');
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "definitions",
        "Referral graph: an edge from referrer to referred per distinct pair. Reach: everyone"
            + " downstream of an advocate. PageRank: on the reversed graph (referred to referrer),"
            + " damping 0.85, so that an advocate whose referrals refer others ranks higher."
            + " Promoters: customers whose latest NPS answer is 9 or 10. Reviews: stars on the 1-5"
            + " scale; other scores count as unscored. See docs/JOURNEYS.md.");
    ObjectNode g = root.putObject("referrals");
    g.put("people", a.graph().nodes().size());
    g.put("edges", a.graph().edges());
    g.put("advocates", a.advocates().size());
    g.put("referred_customers", a.referredCustomers());
    g.put("referred_buyers", a.referredBuyers());
    g.put("referred_revenue", JsonNumbers.round(a.referredRevenue(), JsonNumbers.MONEY));
    g.put("left_out_unnamed", result.unnamed());
    ArrayNode top = root.putArray("top_advocates");
    a.advocates().stream()
        .limit(20)
        .forEach(
            v ->
                top.addObject()
                    .put("customer_id", v.customerId())
                    .put("referrals", v.referrals())
                    .put("reach", v.reach())
                    .put("pagerank", JsonNumbers.round(v.pageRank(), JsonNumbers.RANK))
                    .put("referred_buyers", v.referredBuyers())
                    .put(
                        "referred_revenue",
                        JsonNumbers.round(v.referredRevenue(), JsonNumbers.MONEY)));
    ObjectNode rv = root.putObject("reviews");
    rv.put("count", a.reviews().count());
    rv.put("scored", a.reviews().scored());
    rv.put("with_text", a.reviews().withText());
    JsonNumbers.put(rv, "mean_stars", a.reviews().meanStars(), JsonNumbers.SHARE);
    JsonNumbers.put(rv, "positive_share", a.reviews().positiveShare(), JsonNumbers.SHARE);
    ObjectNode stars = rv.putObject("by_stars");
    for (int s = 1; s <= 5; s++) {
      stars.put(Integer.toString(s), a.reviews().withStars(s));
    }
    ObjectNode nps = root.putObject("promoters");
    nps.put("promoters", a.promoters());
    nps.put("nps_answerers", a.npsAnswerers());
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("advocates.csv"), csv.toString());
      Files.writeString(out.resolve("referrals.csv"), edges.toString());
      JSON.writeValue(out.resolve("advocacy.json").toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the advocacy view to " + out, e);
    }
  }
}
