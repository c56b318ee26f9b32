package dev.rapport.core.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The engagement score: every interaction adds its signal's weight, which then halves every {@code
 * halfLife}; the decayed sum {@code raw} maps to 0-100 as {@code 100 * (1 - exp(-raw / scale))},
 * and to 0 when ignored touches and complaints outweigh engagement.
 */
public record ScoreSettings(Duration halfLife, Map<Signal, Double> weights, double scale) {
  public ScoreSettings {
    if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
      throw new IllegalArgumentException("score half-life must be positive, got " + halfLife);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("score scale must be positive, got " + scale);
    }
    EnumMap<Signal, Double> all = new EnumMap<>(Signal.class);
    for (Signal s : Signal.values()) {
      Double w = weights.get(s);
      if (w == null || !Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "score weight for " + s.id() + " is missing or not finite");
      }
      all.put(s, w);
    }
    weights = Map.copyOf(all);
  }

  public static ScoreSettings defaults() {
    Map<Signal, Double> w = new EnumMap<>(Signal.class);
    w.put(Signal.PURCHASE, 5.0);
    w.put(Signal.RESPONSE, 2.0);
    w.put(Signal.INBOUND, 1.5);
    w.put(Signal.ADVOCACY, 4.0);
    w.put(Signal.IGNORED, -0.5);
    w.put(Signal.BOUNCED, -0.5);
    w.put(Signal.UNSUBSCRIBED, -5.0);
    w.put(Signal.COMPLAINED, -6.0);
    w.put(Signal.RETURNED, -1.0);
    w.put(Signal.CANCELLED, -6.0);
    return new ScoreSettings(Duration.ofDays(30), w, 10.0);
  }

  public double weight(Signal s) {
    return weights.get(s);
  }
}
