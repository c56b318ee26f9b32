package dev.rapport.core.lifecycle;

import java.util.Locale;

/**
 * Where a customer is in their relationship with the business. The first six form a ladder a
 * customer climbs, not necessarily one rung at a time; {@link #DISENGAGED} (at risk) and {@link
 * #CHURNED} are where they fall to, from any rung.
 */
public enum Stage {
  ACQUISITION,
  ACTIVATION,
  ENGAGEMENT,
  SATISFACTION,
  LOYALTY,
  ADVOCACY,
  DISENGAGED,
  CHURNED;

  private static final Stage[] VALUES = values();

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  /** True for the ladder's rungs, false for disengaged and churned. */
  public boolean isPositive() {
    return ordinal() <= ADVOCACY.ordinal();
  }

  public static Stage ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** Parses a stage id, case-insensitively; throws naming the allowed ids. */
  public static Stage parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (Stage s : VALUES) {
      if (s.name().equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown stage '" + text + "'; expected one of " + dev.rapport.core.Names.of(VALUES));
  }
}
