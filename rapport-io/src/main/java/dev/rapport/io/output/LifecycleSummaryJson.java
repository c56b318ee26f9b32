package dev.rapport.io.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.core.lifecycle.LifecycleSummary;
import dev.rapport.core.lifecycle.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code out/lifecycle_summary.json}: the population's lifecycle ({@link LifecycleSummary})
 * with stage ids as keys; NaN (a median over nobody) is written as null.
 */
public final class LifecycleSummaryJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LifecycleSummaryJson() {}

  public static void write(Path file, LifecycleSummary s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("as_of", s.asOf() == null ? null : s.asOf().toString());
    root.put("customers", s.customers());
    number(root, "activation_rate", s.activationRate());
    number(root, "median_days_to_activate", s.medianDaysToActivate());
    root.put("reactivations", s.reactivations());
    counts(root.putObject("current"), s.current());
    counts(root.putObject("reached"), s.reached());
    ObjectNode toReach = root.putObject("median_days_to_reach");
    ObjectNode inStage = root.putObject("median_days_in_stage");
    for (Stage st : Stage.values()) {
      number(toReach, st.id(), s.medianDaysToReach().get(st));
      number(inStage, st.id(), s.medianDaysInStage().get(st));
    }
    ObjectNode flows = root.putObject("flows");
    s.flows().forEach((from, tos) -> counts(flows.putObject(from.id()), tos));
    var months = root.putArray("by_month");
    for (LifecycleSummary.Month m : s.byMonth()) {
      ObjectNode month = months.addObject();
      month.put("month", m.month().toString());
      counts(month.putObject("stages"), m.counts());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void counts(ObjectNode node, Map<Stage, Integer> counts) {
    counts.forEach((stage, n) -> node.put(stage.id(), n));
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isNaN(v)) {
      node.putNull(key);
    } else {
      node.put(key, v);
    }
  }
}
