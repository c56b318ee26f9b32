package dev.rapport.core.config;

import dev.rapport.core.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the KPIs count (see {@code docs/KPIS.md} for each definition).
 *
 * @param csatSatisfiedAtLeast a CSAT answer at or above this score counts as satisfied (4 on the
 *     usual 1-5 scale: "satisfied" or "very satisfied")
 * @param funnels ordered funnels of event kinds, each within a window from its first step
 * @param journeyWindow how long a journey toward a purchase lasts from its first touchpoint (the
 *     attribution look-back; see {@code docs/JOURNEYS.md})
 * @param referredAttribute the attribute of a referral event that names the customer referred (an
 *     identifier {@code type:value}, or a bare customer id)
 */
public record KpiSettings(
    double csatSatisfiedAtLeast,
    List<Funnel> funnels,
    Duration journeyWindow,
    String referredAttribute) {
  /** Funnels are counted per customer, with a byte for the step each reached. */
  public static final int MAX_STEPS = 16;

  public KpiSettings {
    funnels = List.copyOf(funnels);
    if (funnels.stream().map(Funnel::name).distinct().count() != funnels.size()) {
      throw new IllegalArgumentException("funnel names must be unique");
    }
    if (journeyWindow.isNegative() || journeyWindow.isZero()) {
      throw new IllegalArgumentException("journey window must be positive, got " + journeyWindow);
    }
    if (referredAttribute == null || referredAttribute.isBlank()) {
      throw new IllegalArgumentException(
          "referred attribute must be a name, got '" + referredAttribute + "'");
    }
  }

  /**
   * A funnel: a customer reaches step {@code i} when, after reaching step {@code i - 1}, they have
   * an event of step {@code i}'s kind no later than {@code window} after the event that started the
   * chain. A {@code response} step is also met by a touch recorded as engaged.
   */
  public record Funnel(String name, List<Kind> steps, Duration window) {
    public Funnel {
      Objects.requireNonNull(name, "name");
      steps = List.copyOf(steps);
      if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
        throw new IllegalArgumentException(
            "funnel name '" + name + "' must match [a-z][a-z0-9_]{0,39}");
      }
      if (steps.size() < 2 || steps.size() > MAX_STEPS) {
        throw new IllegalArgumentException(
            "funnel " + name + " needs 2 to " + MAX_STEPS + " steps, got " + steps.size());
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "funnel " + name + " window must be positive, got " + window);
      }
    }
  }

  public static KpiSettings defaults() {
    return new KpiSettings(
        4.0,
        List.of(
            new Funnel(
                "touch_to_purchase",
                List.of(Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE),
                Duration.ofDays(30))),
        Duration.ofDays(30),
        "referred");
  }
}
