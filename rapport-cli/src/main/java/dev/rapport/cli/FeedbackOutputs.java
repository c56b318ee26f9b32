package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.feedback.Feedback;
import dev.rapport.analytics.feedback.PainPoints;
import dev.rapport.core.Identifier;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The feedback outputs of {@code rapport analyze}: {@code out/feedback.json} (sentiment split,
 * pain-point themes), {@code out/follow_up.csv} (the closed-loop list) and the customers.csv
 * columns {@code sentiment} and {@code texts}.
 */
final class FeedbackOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final String FOLLOW_UP_HEADER =
      "customer_id,reasons,last_contact,last_message,sentiment,stage,value_tier,clv,open_tickets,"
          + "identifiers";

  private FeedbackOutputs() {}

  /** Reads every free text of the analysed period and attributes it to its customer. */
  static Feedback.Result of(Store store, BatchResult r, ProfileIndex index) {
    List<Feedback.Text> texts = new ArrayList<>();
    store.forEachEventWithText(
        r.asOf(),
        e -> {
          int p = index.profileOf(e.identifiers());
          if (p >= 0) {
            texts.add(new Feedback.Text(p, e.ts(), e.kind(), e.channel(), e.text()));
          }
        });
    return Feedback.of(texts, r.profiles(), r.services(), r.kpiEvidence());
  }

  static List<CustomerTable.Extra> columns(Feedback.Result f) {
    return List.of(
        new CustomerTable.Extra(
            "sentiment",
            i ->
                f.byCustomer()[i] == null
                    ? null
                    : String.format(Locale.ROOT, "%.3f", f.byCustomer()[i].meanCompound())),
        new CustomerTable.Extra(
            "texts",
            i -> f.byCustomer()[i] == null ? "0" : Integer.toString(f.byCustomer()[i].texts())));
  }

  /**
   * @param stage, tier, clv per profile index (tier and clv may give null)
   */
  static void write(
      Path out,
      Feedback.Result f,
      BatchResult r,
      ZoneId zone,
      IntFunction<String> stage,
      IntFunction<String> tier,
      IntFunction<String> clv) {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "definitions",
        "Sentiment: VADER compound score (Hutto & Gilbert 2014), -1 to 1; positive >= 0.05,"
            + " negative <= -0.05. Themes: terms (words and two-word phrases, once per text) of the"
            + " texts of unhappy customers (last NPS 0-6, last CSAT 1-2, or a complaint) and of"
            + " customers who never engaged, against everyone else's, ranked by the weighted"
            + " log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn"
            + " 2008); z above 1.96 is significant at 5%. Follow-up: detractors, dissatisfied,"
            + " complainers and writers of a very negative last message (<= -0.5), most recent"
            + " first.");
    root.put("texts", f.texts());
    root.put("positive", f.positive());
    root.put("neutral", f.neutral());
    root.put("negative", f.negative());
    root.put("unhappy_texts", f.unhappyTexts());
    ArrayNode themes = root.putArray("themes");
    for (PainPoints.Theme t : f.themes()) {
      themes
          .addObject()
          .put("term", t.term())
          .put("in_unhappy_texts", t.inGroup())
          .put("in_other_texts", t.inRest())
          .put("log_odds", Math.round(t.logOdds() * 1e4) / 1e4)
          .put("z", Math.round(t.z() * 100) / 100.0);
    }
    root.put("follow_up", f.followUp().size());
    StringBuilder csv = new StringBuilder(FOLLOW_UP_HEADER).append('\n');
    for (Feedback.FollowUp u : f.followUp()) {
      CustomerProfile p = r.profiles().get(u.customer());
      csv.append(CustomerTable.csv(p.customerId()))
          .append(',')
          .append(CustomerTable.csv(String.join("; ", u.reasons())))
          .append(',')
          .append(u.lastAt() == null ? "" : u.lastAt().atZone(zone).toLocalDate())
          .append(',')
          .append(u.lastText() == null ? "" : CustomerTable.csv(u.lastText()))
          .append(',')
          .append(
              Double.isNaN(u.lastCompound())
                  ? ""
                  : String.format(Locale.ROOT, "%.3f", u.lastCompound()))
          .append(',')
          .append(CustomerTable.csv(stage.apply(u.customer())))
          .append(',')
          .append(nullToEmpty(tier.apply(u.customer())))
          .append(',')
          .append(nullToEmpty(clv.apply(u.customer())))
          .append(',')
          .append(r.services().get(u.customer()).ticketsOpen())
          .append(',')
          .append(
              CustomerTable.csv(
                  r.customers().identifiers(p.customerKey()).stream()
                      .map(Identifier::toString)
                      .collect(Collectors.joining(" "))))
          .append('\n');
    }
    try {
      Files.createDirectories(out);
      JSON.writeValue(out.resolve("feedback.json").toFile(), root);
      Files.writeString(out.resolve("follow_up.csv"), csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the feedback to " + out, e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : CustomerTable.csv(s);
  }
}
