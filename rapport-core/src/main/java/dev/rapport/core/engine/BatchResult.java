package dev.rapport.core.engine;

import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.core.style.StyleEvidence;
import java.time.Instant;
import java.util.List;

/**
 * What a batch run produced.
 *
 * @param asOf the end of observation every profile was snapshotted at
 * @param profiles one per customer with at least one event before {@code asOf}, ordered by id
 * @param lifecycles the lifecycle of each profile's customer, in the same order
 * @param styles the engagement-style evidence of each profile's customer, in the same order
 * @param contacts consent, recent touches and best hour of each profile's customer, same order
 * @param services tickets and surveys of each profile's customer, same order
 * @param kpiEvidence the KPI inputs of each profile's customer, same order
 * @param kpis the KPI inputs of all folded events by month and channel
 * @param journeys every customer's journeys toward a purchase, and paths before churn, summed
 * @param customers the identity resolution behind the profiles
 * @param folded events applied to a profile
 * @param afterAsOf events left out because they happened at or after {@code asOf}
 * @param unresolved events refused because all their identifiers were blocked
 * @param identityConflicts links refused because they would break a per-type identifier limit
 * @param blockedValues identifier occurrences ignored because their value is on the blocklist
 */
public record BatchResult(
    Instant asOf,
    List<CustomerProfile> profiles,
    List<Lifecycle> lifecycles,
    List<StyleEvidence> styles,
    List<ContactEvidence> contacts,
    List<ServiceEvidence> services,
    List<KpiEvidence> kpiEvidence,
    KpiCube kpis,
    JourneyLog journeys,
    Customers customers,
    long folded,
    long afterAsOf,
    long unresolved,
    long identityConflicts,
    long blockedValues) {
  public BatchResult {
    if (lifecycles.size() != profiles.size()
        || styles.size() != profiles.size()
        || contacts.size() != profiles.size()
        || services.size() != profiles.size()
        || kpiEvidence.size() != profiles.size()) {
      throw new IllegalArgumentException(
          lifecycles.size()
              + " lifecycles and "
              + styles.size()
              + " style, "
              + contacts.size()
              + " contact and "
              + services.size()
              + " service records for "
              + profiles.size()
              + " profiles");
    }
  }
}
