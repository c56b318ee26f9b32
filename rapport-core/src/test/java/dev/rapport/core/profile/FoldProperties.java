package dev.rapport.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.core.Channel;
import dev.rapport.core.Events;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.config.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Laws of the fold: merging partial states equals folding everything, and scores stay in range. */
class FoldProperties {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private final FoldSettings settings = new FoldSettings(RapportConfig.defaults());

  @Provide
  Arbitrary<Interaction> events() {
    Arbitrary<Long> second = Arbitraries.longs().between(0, 120L * 86_400);
    Arbitrary<Channel> channel = Arbitraries.of(Channel.EMAIL, Channel.SMS, Channel.PHONE);
    Arbitrary<Kind> kind =
        Arbitraries.frequency(
            net.jqwik.api.Tuple.of(6, Kind.TOUCH),
            net.jqwik.api.Tuple.of(4, Kind.RESPONSE),
            net.jqwik.api.Tuple.of(3, Kind.PURCHASE),
            net.jqwik.api.Tuple.of(1, Kind.RETURN),
            net.jqwik.api.Tuple.of(1, Kind.REVIEW),
            net.jqwik.api.Tuple.of(1, Kind.COMPLAINT));
    Arbitrary<Outcome> outcome = Arbitraries.of(Outcome.values()).injectNull(0.6);
    Arbitrary<Double> value = Arbitraries.doubles().between(1, 200).ofScale(2);
    return Combinators.combine(second, channel, kind, outcome, value)
        .as(
            (s, ch, k, o, v) ->
                Events.event(
                    "c",
                    START.plusSeconds(s),
                    ch,
                    k,
                    k == Kind.TOUCH ? o : null,
                    k == Kind.PURCHASE || k == Kind.RETURN ? v : 0));
  }

  private static List<Interaction> timeOrdered(List<Interaction> events) {
    List<Interaction> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.comparing(Interaction::ts)
            .thenComparing(e -> e.kind() == Kind.TOUCH ? 0 : 1)
            .thenComparing(Interaction::eventId));
    return sorted;
  }

  private ProfileAccumulator fold(List<Interaction> events) {
    ProfileAccumulator acc = new ProfileAccumulator(settings);
    for (Interaction e : timeOrdered(events)) {
      acc.apply(e);
    }
    return acc;
  }

  private static final Instant AS_OF = START.plusSeconds(200L * 86_400);

  @Property(tries = 300)
  void merge_ofAnySplit_equalsFoldOfAll_forOrderFreeStatistics(
      @ForAll @Size(min = 1, max = 60) List<@From("events") Interaction> events,
      @ForAll @Size(max = 60) List<Boolean> sides) {
    List<Interaction> left = new ArrayList<>();
    List<Interaction> right = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      (i < sides.size() && sides.get(i) ? left : right).add(events.get(i));
    }
    ProfileAccumulator whole = fold(events);
    ProfileAccumulator merged = fold(left);
    merged.merge(fold(right));
    whole.advanceTo(AS_OF);
    merged.advanceTo(AS_OF);
    assertOrderFreeEqual(merged.snapshot(), whole.snapshot());
  }

  @Property(tries = 300)
  void merge_ofTimeSplitWithClosedWindows_equalsFoldOfAll(
      @ForAll @Size(min = 1, max = 40) List<@From("events") Interaction> early,
      @ForAll @Size(min = 1, max = 40) List<@From("events") Interaction> lateRaw) {
    // The later part starts 130 days in, after every response window of the earlier part closed.
    List<Interaction> late = new ArrayList<>();
    for (Interaction e : lateRaw) {
      late.add(
          new Interaction(
              e.eventId(),
              e.identifiers(),
              e.ts().plusSeconds(130L * 86_400),
              e.channel(),
              e.kind(),
              e.outcome(),
              e.campaign(),
              e.variant(),
              e.holdout(),
              e.value(),
              e.cost(),
              e.score(),
              e.text(),
              e.attributes()));
    }
    List<Interaction> all = new ArrayList<>(early);
    all.addAll(late);
    ProfileAccumulator whole = fold(all);
    ProfileAccumulator first = fold(early);
    first.advanceTo(timeOrdered(late).get(0).ts());
    first.merge(fold(late));
    Instant asOf = START.plusSeconds(400L * 86_400);
    whole.advanceTo(asOf);
    first.advanceTo(asOf);
    CustomerProfile a = first.snapshot();
    CustomerProfile b = whole.snapshot();
    assertOrderFreeEqual(a, b);
    assertThat(a.channels())
        .usingRecursiveComparison()
        .withComparatorForType(
            (x, y) -> Math.abs(x - y) < 1e-9 || (x.isNaN() && y.isNaN()) ? 0 : Double.compare(x, y),
            Double.class)
        .isEqualTo(b.channels());
    assertThat(a.unengagedStreak()).isEqualTo(b.unengagedStreak());
    assertThat(a.engagementScore()).isCloseTo(b.engagementScore(), within(1e-6));
  }

  @Property(tries = 300)
  void score_staysWithin0And100(
      @ForAll @Size(min = 1, max = 80) List<@From("events") Interaction> events) {
    ProfileAccumulator acc = fold(events);
    acc.advanceTo(AS_OF);
    assertThat(acc.snapshot().engagementScore()).isBetween(0.0, 100.0);
  }

  private static void assertOrderFreeEqual(CustomerProfile a, CustomerProfile b) {
    assertThat(a.firstSeen()).isEqualTo(b.firstSeen());
    assertThat(a.lastSeen()).isEqualTo(b.lastSeen());
    assertThat(a.events()).isEqualTo(b.events());
    assertThat(a.inbound()).isEqualTo(b.inbound());
    assertThat(a.purchases()).isEqualTo(b.purchases());
    assertThat(a.revenue()).isCloseTo(b.revenue(), within(1e-6));
    assertThat(a.returns()).isEqualTo(b.returns());
    assertThat(a.returnValue()).isCloseTo(b.returnValue(), within(1e-6));
    assertSameDouble(a.frequency(), b.frequency());
    assertSameDouble(a.recency(), b.recency());
    assertSameDouble(a.T(), b.T());
    if (!Double.isNaN(b.monetaryValue())) {
      assertThat(a.monetaryValue()).isCloseTo(b.monetaryValue(), within(1e-6));
    }
    assertThat(a.bounced()).isEqualTo(b.bounced());
    assertThat(a.unsubscribed()).isEqualTo(b.unsubscribed());
    assertThat(a.complained()).isEqualTo(b.complained());
    assertThat(a.contactPressure()).isEqualTo(b.contactPressure());
    for (Channel c : Channel.values()) {
      assertThat(a.channel(c).touches()).isEqualTo(b.channel(c).touches());
      assertThat(a.channel(c).inbound()).isEqualTo(b.channel(c).inbound());
    }
    for (Signal s : Signal.values()) {
      if (s != Signal.IGNORED) {
        assertThat(raw(a, s)).isCloseTo(raw(b, s), within(1e-6));
      }
    }
  }

  private static void assertSameDouble(double a, double b) {
    assertThat(Double.compare(a, b)).as("%s vs %s", a, b).isZero();
  }

  private static double raw(CustomerProfile p, Signal s) {
    return p.scoreComponents().stream()
        .filter(c -> c.signal() == s)
        .mapToDouble(ScoreComponent::raw)
        .sum();
  }
}
