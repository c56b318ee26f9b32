package dev.rapport.report;

import java.util.List;

/**
 * Customers grouped one way (by RFM segment, style, touch model, cluster…), for a report section:
 * how many customers each group holds and what they brought in.
 *
 * @param title the section heading
 * @param note one sentence on how the groups are made
 * @param groups in display order
 * @param customers all customers, the base of the shares (groups may overlap or leave some out)
 * @param revenue all customers' net revenue
 */
public record Breakdown(
    String title, String note, List<Group> groups, long customers, double revenue) {
  /**
   * @param label the group's name
   * @param customers customers in it
   * @param revenue their net revenue
   * @param description optional words on the group; null for none
   */
  public record Group(String label, long customers, double revenue, String description) {}
}
