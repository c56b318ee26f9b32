package dev.rapport.analytics.kpi;

/**
 * The customer-level counts of a group of customers, beside the summed event tally.
 *
 * @param customers customers with at least one event (the full denominator: the unengaged count)
 * @param engaged customers who answered a touch or responded on a channel at least once
 * @param buyers customers with at least one purchase
 * @param repeatBuyers buyers who bought on at least two different days (CLV frequency >= 1)
 * @param activated customers who ever reached activation or a later rung of the ladder
 * @param churned customers whose current stage is churned
 * @param clv the sum of the customers' predicted lifetime value over the horizon; NaN when the
 *     models did not run
 */
public record CustomerCounts(
    long customers,
    long engaged,
    long buyers,
    long repeatBuyers,
    long activated,
    long churned,
    double clv) {}
