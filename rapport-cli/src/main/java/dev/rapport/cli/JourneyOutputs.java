package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.journey.Paths;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyLog.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Journeys and attribution, in {@code out/journeys.json}, {@code out/attribution.csv} and the table
 * {@code rapport kpi} prints: the same numbers, from {@link Attribution} and {@link Paths}.
 */
final class JourneyOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Paths listed in the outputs and the report. */
  static final int TOP_PATHS = 15;

  static final String CSV_HEADER =
      "level,name,first_touch,last_touch,linear,position_based,markov,removal_effect,"
          + "first_touch_revenue,last_touch_revenue,linear_revenue,position_based_revenue,"
          + "markov_revenue";

  private JourneyOutputs() {}

  /** Both files; the attribution is computed once by the caller. */
  static void write(Path out, JourneyLog log, Attribution a, Duration window) {
    try {
      Files.createDirectories(out);
      JSON.writeValue(out.resolve("journeys.json").toFile(), json(log, a, window));
      Files.writeString(out.resolve("attribution.csv"), csv(a));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journeys to " + out, e);
    }
  }

  static ObjectNode json(JourneyLog log, Attribution a, Duration window) {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "definitions",
        "A journey opens at a touchpoint (any interaction but a purchase, a consent record or an"
            + " agent's ticket reply) and lasts window_days; the first purchase in it converts it,"
            + " its window closing without one lapses it, and one still inside its window at the"
            + " snapshot is open and left out. Repeats in a row are one step. Rule-based models"
            + " split each conversion over its journey's steps; the Markov model credits each"
            + " channel or touchpoint with its removal effect (Anderl et al. 2016), normalised."
            + " See docs/JOURNEYS.md.");
    root.put("window_days", window.toHours() / 24.0);
    ObjectNode j = root.putObject("journeys");
    j.put("converted", log.converted());
    j.put("lapsed", log.lapsed());
    j.put("open", log.open());
    j.put("direct_purchases", log.direct());
    j.put("converted_revenue", JsonNumbers.round(log.convertedRevenue(), JsonNumbers.MONEY));
    j.put("direct_revenue", JsonNumbers.round(log.directRevenue(), JsonNumbers.MONEY));
    j.put(
        "markov_conversion_probability",
        JsonNumbers.round(a.conversionProbability(), JsonNumbers.RANK));
    ObjectNode attribution = root.putObject("attribution");
    credits(attribution.putArray("by_channel"), a.byChannel());
    credits(attribution.putArray("by_touchpoint"), a.byTouchpoint());
    ObjectNode paths = root.putObject("paths");
    paths(paths.putArray("to_purchase"), Paths.toConversion(log, TOP_PATHS));
    paths(paths.putArray("before_churn"), Paths.toChurn(log, TOP_PATHS));
    return root;
  }

  private static void credits(ArrayNode arr, List<Attribution.Credit> credits) {
    for (Attribution.Credit c : credits) {
      ObjectNode o = arr.addObject();
      o.put("name", c.name());
      ObjectNode conv = o.putObject("conversions");
      ObjectNode rev = o.putObject("revenue");
      for (Model m : Model.values()) {
        conv.put(m.id(), JsonNumbers.round(c.conversions(m), JsonNumbers.SHARE));
        rev.put(m.id(), JsonNumbers.round(c.revenue(m), JsonNumbers.MONEY));
      }
      conv.put("markov", JsonNumbers.round(c.markov(), JsonNumbers.SHARE));
      rev.put("markov", JsonNumbers.round(c.markovRevenue(), JsonNumbers.MONEY));
      o.put("removal_effect", JsonNumbers.round(c.removalEffect(), JsonNumbers.SHARE));
    }
  }

  private static void paths(ArrayNode arr, List<Paths.PathCount> paths) {
    for (Paths.PathCount p : paths) {
      ObjectNode o = arr.addObject();
      o.put("path", p.label());
      ArrayNode steps = o.putArray("steps");
      p.steps().forEach(steps::add);
      o.put("earlier_steps_left_off", p.cut());
      o.put("converted", p.converted());
      o.put("lapsed", p.lapsed());
      o.put("churned", p.churned());
      JsonNumbers.put(o, "conversion_rate", p.conversionRate(), JsonNumbers.SHARE);
    }
  }

  static String csv(Attribution a) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    csvRows(b, "channel", a.byChannel());
    csvRows(b, "touchpoint", a.byTouchpoint());
    return b.toString();
  }

  private static void csvRows(StringBuilder b, String level, List<Attribution.Credit> credits) {
    for (Attribution.Credit c : credits) {
      b.append(level).append(',').append(c.name());
      for (Model m : Model.values()) {
        b.append(',').append(fmt(c.conversions(m), 4));
      }
      b.append(',').append(fmt(c.markov(), 4)).append(',').append(fmt(c.removalEffect(), 4));
      for (Model m : Model.values()) {
        b.append(',').append(fmt(c.revenue(m), 2));
      }
      b.append(',').append(fmt(c.markovRevenue(), 2)).append('\n');
    }
  }

  /** The attribution by channel, for the terminal. */
  static String table(JourneyLog log, Attribution a) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "conversions credited to", "first", "last", "linear", "position", "markov", "removal"
        });
    for (Attribution.Credit c : a.byChannel()) {
      rows.add(
          new String[] {
            c.name(),
            fmt(c.conversions(Model.FIRST_TOUCH), 1),
            fmt(c.conversions(Model.LAST_TOUCH), 1),
            fmt(c.conversions(Model.LINEAR), 1),
            fmt(c.conversions(Model.POSITION_BASED), 1),
            fmt(c.markov(), 1),
            String.format(Locale.ROOT, "%.1f%%", 100 * c.removalEffect())
          });
    }
    return String.format(
            Locale.ROOT,
            "Journeys converted: %,d; lapsed: %,d; still open: %,d. Purchases without a"
                + " touchpoint before them: %,d%n",
            log.converted(),
            log.lapsed(),
            log.open(),
            log.direct())
        + Tables.render(rows);
  }

  private static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
