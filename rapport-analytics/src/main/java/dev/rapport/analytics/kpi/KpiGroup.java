package dev.rapport.analytics.kpi;

import dev.rapport.core.kpi.KpiTally;

/**
 * One row of a KPI table: a group's key, the tally of its events and, for groups of customers, its
 * customer counts (null for groups of events such as a month or a channel, where a customer may
 * fall in several groups).
 */
public record KpiGroup(String key, KpiTally tally, CustomerCounts customers) {
  public double value(Kpi k) {
    return k.of(this);
  }
}
