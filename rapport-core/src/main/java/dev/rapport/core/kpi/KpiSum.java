package dev.rapport.core.kpi;

import java.util.Locale;

/** The summed amounts behind the KPIs. */
public enum KpiSum {
  /** Value of purchases. */
  REVENUE,
  /** Value of returns, as a positive amount. */
  RETURNED,
  /** Sum of CES scores, for the mean effort. */
  CES_SCORE;

  public static final int COUNT = values().length;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
