package dev.rapport.core.config;

import dev.rapport.core.Kind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle rules of {@code rapport.yaml}: when a customer climbs to each stage, and when they
 * fall to disengaged or churned. Defaults are written out by {@code rapport init}.
 *
 * @param activation what activates a customer
 * @param engagement how much engaged activity, how recently, makes an engaged customer
 * @param satisfaction which recent signals show a satisfied customer
 * @param loyalty repeat purchasing over a tenure
 * @param advocacy promoter scores, referrals and good reviews
 * @param disengaged silence, ignored touches, detractor scores and complaints
 * @param churned cancellation, unsubscribing everywhere, long inactivity
 */
public record LifecycleSettings(
    Activation activation,
    Engagement engagement,
    Satisfaction satisfaction,
    Loyalty loyalty,
    Advocacy advocacy,
    Disengaged disengaged,
    Churned churned) {

  /**
   * @param kinds the first event of any of these kinds activates the customer
   */
  public record Activation(Set<Kind> kinds) {
    public Activation {
      kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }
  }

  /**
   * @param minEngaged engaged interactions needed within {@code within}
   * @param within the window they must fall in
   */
  public record Engagement(int minEngaged, Duration within) {
    public Engagement {
      if (minEngaged < 1) {
        throw new IllegalArgumentException("lifecycle.engagement.min_engaged must be >= 1");
      }
      positive(within, "lifecycle.engagement.within");
    }
  }

  /**
   * @param csatAtLeast a CSAT score (1-5) at least this is a good one
   * @param npsAtLeast an NPS answer (0-10) at least this is a good one
   * @param ticketResolved whether a resolved support ticket counts
   * @param within how recent the signal must be
   */
  public record Satisfaction(
      double csatAtLeast, double npsAtLeast, boolean ticketResolved, Duration within) {
    public Satisfaction {
      positive(within, "lifecycle.satisfaction.within");
    }
  }

  /**
   * @param minPurchaseDays distinct purchase days needed
   * @param minTenure time since the first purchase needed
   */
  public record Loyalty(int minPurchaseDays, Duration minTenure) {
    public Loyalty {
      if (minPurchaseDays < 2) {
        throw new IllegalArgumentException(
            "lifecycle.loyalty.min_purchase_days must be >= 2 (loyalty means repeat purchases)");
      }
    }
  }

  /**
   * @param npsAtLeast an NPS answer at least this (a promoter) shows advocacy
   * @param reviewAtLeast a review score (stars, 1-5) at least this shows advocacy
   * @param referral whether a referral shows advocacy
   * @param within how recent the signal must be
   */
  public record Advocacy(
      double npsAtLeast, double reviewAtLeast, boolean referral, Duration within) {
    public Advocacy {
      positive(within, "lifecycle.advocacy.within");
    }
  }

  /**
   * @param silenceMultiple silence longer than this many times the customer's own usual gap between
   *     engaged days disengages them
   * @param minSilence but never less silence than this
   * @param defaultGap the usual gap assumed until a customer has two engaged days
   * @param ignoredStreak this many touches ignored in a row disengages (0: never)
   * @param csatAtMost a CSAT score at most this is a detractor's
   * @param npsAtMost an NPS answer at most this is a detractor's
   * @param reviewAtMost a review score at most this is a detractor's
   * @param complaint whether a complaint disengages
   */
  public record Disengaged(
      double silenceMultiple,
      Duration minSilence,
      Duration defaultGap,
      int ignoredStreak,
      double csatAtMost,
      double npsAtMost,
      double reviewAtMost,
      boolean complaint) {
    public Disengaged {
      if (!(silenceMultiple > 0)) {
        throw new IllegalArgumentException("lifecycle.disengaged.silence_multiple must be > 0");
      }
      positive(defaultGap, "lifecycle.disengaged.default_gap");
      if (ignoredStreak < 0) {
        throw new IllegalArgumentException("lifecycle.disengaged.ignored_streak must be >= 0");
      }
    }
  }

  /**
   * @param inactivity no engaged activity for this long churns a customer
   * @param cancel whether a cancellation churns
   * @param unsubscribedEverywhere whether unsubscribing from every channel the business used churns
   */
  public record Churned(Duration inactivity, boolean cancel, boolean unsubscribedEverywhere) {
    public Churned {
      positive(inactivity, "lifecycle.churned.inactivity");
    }
  }

  public static LifecycleSettings defaults() {
    return new LifecycleSettings(
        new Activation(Set.of(Kind.PURCHASE)),
        new Engagement(3, Duration.ofDays(90)),
        new Satisfaction(4, 7, true, Duration.ofDays(90)),
        new Loyalty(3, Duration.ofDays(180)),
        new Advocacy(9, 4, true, Duration.ofDays(365)),
        new Disengaged(3.0, Duration.ofDays(30), Duration.ofDays(30), 10, 2, 6, 2, true),
        new Churned(Duration.ofDays(180), true, true));
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
