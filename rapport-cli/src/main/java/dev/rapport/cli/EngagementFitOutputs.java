package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.fatigue.ContactFatigue;
import dev.rapport.analytics.fatigue.EngagementFit;
import dev.rapport.analytics.touch.TouchModel;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.output.CustomerTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engagement-fit view of {@code rapport analyze}: per RFM segment, value tier and touch model,
 * does more contact go with more revenue or only with more losses; {@code out/engagement_fit.csv}
 * (one row per segment) and {@code out/engagement_fit.json} (with the bands behind each answer).
 */
final class EngagementFitOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final String CSV_HEADER =
      "segmentation,segment,verdict,customers,revenue_rank_correlation,revenue_p,"
          + "losses_per_touch_quietest,losses_per_touch_busiest,losses_trend_z,losses_trend_p";

  /** A customer without a value tier has not bought yet. */
  static final String NO_TIER = "no purchase yet";

  private EngagementFitOutputs() {}

  static List<EngagementFit> of(
      List<CustomerProfile> profiles,
      List<ContactEvidence> contacts,
      List<String> rfmSegments,
      String[] valueTiers,
      List<TouchModel> touchModels) {
    List<String> tiers = new ArrayList<>(profiles.size());
    for (int i = 0; i < profiles.size(); i++) {
      tiers.add(valueTiers == null || valueTiers[i] == null ? NO_TIER : valueTiers[i]);
    }
    return List.of(
        EngagementFit.of("rfm_segment", profiles, contacts, rfmSegments),
        EngagementFit.of("value_tier", profiles, contacts, tiers),
        EngagementFit.of(
            "touch_model",
            profiles,
            contacts,
            touchModels.stream().map(m -> m.kind().id()).toList()));
  }

  static void write(Path out, List<EngagementFit> fits) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "definitions",
        "Revenue: Spearman rank correlation of each customer's touches per 30 days of tenure with"
            + " their net revenue per 30 days. Losses: unsubscribes and complaints per touch over"
            + " the bands of contact pressure (touches in the 30 days before each touch),"
            + " Cochran-Armitage test for trend. Association, not effect.");
    ArrayNode arr = root.putArray("segmentations");
    for (EngagementFit f : fits) {
      ObjectNode fo = arr.addObject();
      fo.put("segmentation", f.segmentation());
      ArrayNode segs = fo.putArray("segments");
      for (EngagementFit.Segment s : f.segments()) {
        csv.append(CustomerTable.csv(f.segmentation()))
            .append(',')
            .append(CustomerTable.csv(s.name()))
            .append(',')
            .append(s.verdict().id())
            .append(',')
            .append(s.customers())
            .append(',')
            .append(number(s.revenueCorrelation()))
            .append(',')
            .append(number(s.revenueP()));
        double[] ends = quietestAndBusiest(s.atTheMoment());
        for (double v : new double[] {ends[0], ends[1], s.lossesTrendZ(), s.lossesTrendP()}) {
          csv.append(',').append(number(v));
        }
        csv.append('\n');
        segs.add(json(s));
      }
    }
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("engagement_fit.csv"), csv.toString());
      JSON.writeValue(out.resolve("engagement_fit.json").toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the engagement fit to " + out, e);
    }
  }

  private static ObjectNode json(EngagementFit.Segment s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("segment", s.name());
    o.put("verdict", s.verdict().id());
    o.put("verdict_text", s.verdict().text());
    o.put("customers", s.customers());
    o.put("revenue_rank_correlation", s.revenueCorrelation());
    o.put("revenue_p", s.revenueP());
    o.put("losses_trend_z", s.lossesTrendZ());
    o.put("losses_trend_p", s.lossesTrendP());
    ArrayNode cb = o.putArray("customers_by_touches_per_30_days");
    for (EngagementFit.CustomerBand b : s.byContactRate()) {
      ObjectNode bo = cb.addObject();
      bo.put("from", b.from());
      bo.put("to", b.to() == Integer.MAX_VALUE ? null : b.to());
      bo.put("customers", b.customers());
      bo.put("revenue_per_30_days", b.revenuePer30Days());
    }
    ArrayNode mb = o.putArray("touches_by_pressure_at_the_moment");
    for (ContactFatigue.Band b : s.atTheMoment().bands()) {
      ObjectNode bo = mb.addObject();
      bo.put("from", b.from());
      bo.put("to", b.to() == Integer.MAX_VALUE ? null : b.to());
      bo.put("touches", b.touches());
      bo.put("responses_per_touch", b.responsesPerTouch());
      bo.put("unsubscribes_per_touch", b.unsubscribesPerTouch());
      bo.put("complaints_per_touch", b.complaintsPerTouch());
    }
    return o;
  }

  /**
   * Losses per touch in the quietest and the busiest band with at least 1% of the touches, for
   * reading beside the trend; NaN when there is no such pair.
   */
  static double[] quietestAndBusiest(ContactFatigue f) {
    long all = f.bands().stream().mapToLong(ContactFatigue.Band::touches).sum();
    List<ContactFatigue.Band> big =
        f.bands().stream().filter(b -> b.touches() >= ContactFatigue.MIN_SHARE * all).toList();
    if (big.size() < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    ContactFatigue.Band low = big.get(0);
    ContactFatigue.Band high = big.get(big.size() - 1);
    return new double[] {
      low.unsubscribesPerTouch() + low.complaintsPerTouch(),
      high.unsubscribesPerTouch() + high.complaintsPerTouch()
    };
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
