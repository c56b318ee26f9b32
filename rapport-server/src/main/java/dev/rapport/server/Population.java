package dev.rapport.server;

import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.nba.NextBestActions;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.analytics.style.StyleScores;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.style.StyleEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server knows of the whole population, refitted now and then (at start-up, then every few
 * minutes): the reference a customer's engagement styles are ranked in, and the fallback times of
 * the next best action. A customer's own numbers change the moment an event arrives; these
 * reference points move slowly, and refitting them per event would cost a pass over everyone.
 *
 * <p>One difference from {@code rapport analyze}: the time fallback groups customers by dominant
 * style only, since RFM segments are population quintiles the server does not refit live.
 */
final class Population {
  final StyleScores.Reference styles;
  final NextBestActions.Fallbacks fallbacks;
  final Instant fitted;
  final int customers;

  /** The last lifetime-value fit; null until the first one is done. */
  final ValueFit value;

  /**
   * A BG/NBD and Gamma-Gamma fit of the population. Fitting takes seconds per hundred thousand
   * customers, so it runs in the background, less often than the other references, and the server
   * starts without waiting for it; each customer is scored against it from their profile when read
   * ({@link CustomerValue#score}), so their own figures move with their events between fits.
   *
   * @param value null when too few customers bought for the models
   */
  record ValueFit(CustomerValue value, Instant fitted) {
    static ValueFit of(LiveEngine engine, RapportConfig config) {
      List<CustomerProfile> profiles = new ArrayList<>();
      engine.forEachCustomer(
          c -> {
            if (c.fold() != null) {
              profiles.add(c.fold().profile());
            }
          });
      return new ValueFit(CustomerValue.of(profiles, config.clv()), Instant.now());
    }

    /** A customer's figures against this fit; null when not fitted or they never bought. */
    CustomerValue.Score score(CustomerProfile p) {
      return value == null ? null : value.score(p);
    }
  }

  private Population(
      StyleScores.Reference styles,
      NextBestActions.Fallbacks fallbacks,
      Instant fitted,
      int customers,
      ValueFit value) {
    this.styles = styles;
    this.fallbacks = fallbacks;
    this.fitted = fitted;
    this.customers = customers;
    this.value = value;
  }

  /** These references with a new lifetime-value fit. */
  Population with(ValueFit fit) {
    return new Population(styles, fallbacks, fitted, customers, fit);
  }

  /** Refits the style ranks and fallback times, keeping the lifetime-value fit {@code value}. */
  static Population of(LiveEngine engine, ValueFit value) {
    List<StyleEvidence> evidence = new ArrayList<>();
    List<ContactEvidence> contacts = new ArrayList<>();
    engine.forEachCustomer(
        (LiveCustomer c) -> {
          if (c.fold() != null) {
            evidence.add(c.fold().style());
            contacts.add(c.fold().contact());
          }
        });
    StyleScores.Reference ref = StyleScores.Reference.of(evidence);
    List<EngagementStyle> dominant = new ArrayList<>(evidence.size());
    for (StyleEvidence e : evidence) {
      dominant.add(ref.score(e).dominant());
    }
    return new Population(
        ref,
        NextBestActions.Fallbacks.of(null, dominant, contacts),
        Instant.now(),
        evidence.size(),
        value);
  }
}
