package dev.rapport.core.config;

import java.util.Locale;

/**
 * The time unit of the CLV inputs (recency, T). Days are exact; a month is 365.25 / 12 days and a
 * year 365.25 days, as in the lifetimes package's "freq" multipliers.
 */
public enum PeriodUnit {
  DAYS(1.0),
  WEEKS(7.0),
  MONTHS(365.25 / 12.0),
  YEARS(365.25);

  private final double days;

  PeriodUnit(double days) {
    this.days = days;
  }

  /** Length of one unit in days. */
  public double days() {
    return days;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PeriodUnit parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown time unit '" + text + "'; expected days, weeks, months or years", e);
    }
  }
}
