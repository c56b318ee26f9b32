package dev.rapport.cli;

import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.store.CampaignActivity;
import dev.rapport.store.CampaignUnit;
import dev.rapport.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every campaign of a workspace, measured against its holdout group where it has one: the units
 * from the store ({@link Store#campaignUnits}), compared arm against arm by {@link Experiment},
 * overall, by variant and by customer attributes.
 *
 * <p>Segments are the customer's imported attributes (country, age band, …) and the variant of
 * their first touch, never the customer's current lifecycle stage, value tier or style: those are
 * measured after the campaign, so the campaign itself can move customers between them, and a
 * comparison within them would no longer be between randomised groups.
 */
final class CampaignLifts {
  /** Default measurement window after each customer's assignment. */
  static final Duration DEFAULT_WINDOW = Duration.ofDays(14);

  /** An attribute with more values than this among a campaign's units is not a segmentation. */
  static final int MAX_SEGMENT_VALUES = 20;

  private CampaignLifts() {}

  /**
   * @param campaign only this campaign; null for all
   * @param by the attribute names to segment by; null: every attribute with at most {@link
   *     #MAX_SEGMENT_VALUES} values
   */
  static List<CampaignLift> measure(
      Store store, String campaign, Duration window, List<String> by) {
    List<CampaignActivity> activity = store.campaignActivity(campaign);
    Map<String, List<CampaignUnit>> units = new LinkedHashMap<>();
    for (CampaignUnit u : store.campaignUnits(campaign, window)) {
      units.computeIfAbsent(u.campaign(), c -> new ArrayList<>()).add(u);
    }
    Map<String, Map<String, String>> attributes =
        units.isEmpty() && (by == null || by.isEmpty()) ? Map.of() : store.attributesByCustomer();
    List<String> names = by == null ? null : checkedNames(by, attributes);
    // Campaigns are independent and each comparison seeds its own bootstrap: in parallel, with
    // the same results in the same order as one at a time.
    return activity.parallelStream()
        .map(a -> measure(a, units.getOrDefault(a.campaign(), List.of()), attributes, names))
        .toList();
  }

  /**
   * The attribute names asked for, blanks dropped ({@code --by ""} means no attribute segments); a
   * name no customer has is a mistake worth stopping for, not an empty segmentation.
   */
  private static List<String> checkedNames(
      List<String> by, Map<String, Map<String, String>> attributes) {
    Set<String> known = new java.util.TreeSet<>();
    attributes.values().forEach(m -> known.addAll(m.keySet()));
    List<String> names = new ArrayList<>();
    for (String b : by) {
      String name = b.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "--by "
                + name
                + ": no customer has this attribute; known attributes: "
                + (known.isEmpty() ? "(none imported)" : String.join(", ", known)));
      }
      names.add(name);
    }
    return names;
  }

  static CampaignLift measure(
      CampaignActivity a,
      List<CampaignUnit> units,
      Map<String, Map<String, String>> attributes,
      List<String> by) {
    List<CampaignUnit> kept = new ArrayList<>(units.size());
    long contaminated = 0;
    long incomplete = 0;
    long treated = 0;
    long control = 0;
    for (CampaignUnit u : units) {
      if (u.contaminated()) {
        contaminated++;
      } else if (!u.windowComplete()) {
        incomplete++;
      } else {
        kept.add(u);
        treated += u.sent() ? 1 : 0;
        control += u.heldOut() ? 1 : 0;
      }
    }
    List<Experiment.Arm> arms = List.of();
    Map<String, Map<String, List<Experiment.Arm>>> bySegment = new LinkedHashMap<>();
    CampaignLift.Verdict verdict;
    if (!a.hasHoldout()) {
      verdict = CampaignLift.Verdict.UNMEASURED;
    } else if (treated < 2 || control < 2) {
      verdict = CampaignLift.Verdict.TOO_SMALL;
    } else {
      Experiment e = experiment(kept, attributes, by);
      arms = e.compare();
      for (String s : e.segments().keySet()) {
        // Welch's t within segments: the bootstrap is kept for the campaign as a whole
        Map<String, List<Experiment.Arm>> values = e.bySegment(s, false);
        if (values.size() > 1) {
          bySegment.put(s, values);
        }
      }
      verdict = CampaignLift.verdictOf(arms.get(1));
    }
    return new CampaignLift(
        a.campaign(),
        a.touches(),
        a.heldOut(),
        a.customers(),
        a.responses(),
        a.first(),
        a.last(),
        treated,
        control,
        contaminated,
        incomplete,
        arms,
        bySegment,
        verdict);
  }

  private static Experiment experiment(
      List<CampaignUnit> units, Map<String, Map<String, String>> attributes, List<String> by) {
    int n = units.size();
    List<String> arms = new ArrayList<>(n);
    boolean[] responded = new boolean[n];
    boolean[] converted = new boolean[n];
    double[] revenue = new double[n];
    List<String> variants = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CampaignUnit u = units.get(i);
      arms.add(u.heldOut() ? CampaignLift.CONTROL : CampaignLift.TREATED);
      responded[i] = u.responded();
      converted[i] = u.converted();
      revenue[i] = u.revenue();
      variants.add(u.variant() == null ? "(none)" : u.variant());
    }
    Map<String, List<String>> segments = new LinkedHashMap<>();
    if (new HashSet<>(variants).size() > 1) {
      segments.put("variant", variants);
    }
    for (String name : segmentNames(units, attributes, by)) {
      List<String> values = new ArrayList<>(n);
      for (CampaignUnit u : units) {
        String v = attributes.getOrDefault(u.customerId(), Map.of()).get(name);
        values.add(v == null || v.isBlank() ? "(none)" : v);
      }
      segments.put(name, values);
    }
    return new Experiment(arms, CampaignLift.CONTROL, responded, converted, revenue, segments);
  }

  private static List<String> segmentNames(
      List<CampaignUnit> units, Map<String, Map<String, String>> attributes, List<String> by) {
    if (by != null) {
      return by;
    }
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (CampaignUnit u : units) {
      attributes
          .getOrDefault(u.customerId(), Map.of())
          .forEach((k, v) -> values.computeIfAbsent(k, x -> new HashSet<>()).add(v));
    }
    List<String> names = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (v.size() > 1 && v.size() <= MAX_SEGMENT_VALUES) {
            names.add(k);
          }
        });
    names.sort(null);
    return names;
  }
}
