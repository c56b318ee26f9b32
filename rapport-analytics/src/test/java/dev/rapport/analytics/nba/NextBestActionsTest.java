package dev.rapport.analytics.nba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.TestProfiles;
import dev.rapport.analytics.fatigue.CustomerFatigue;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.core.Channel;
import dev.rapport.core.config.ContactSettings;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.Consent;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NextBestActionsTest {
  private static final CustomerFatigue NOT_FATIGUED = new CustomerFatigue(false, 0, "");
  private static final Instant AS_OF = TestProfiles.AS_OF;

  /** A customer touched on every channel in {@code touched}, answering at the given rates. */
  static CustomerProfile profile(
      Map<Channel, double[]> touchedAndRate, int streak, int purchases, double revenue) {
    TestProfiles.Builder b = TestProfiles.customer();
    int engaged = 0;
    for (Map.Entry<Channel, double[]> e : touchedAndRate.entrySet()) {
      int touches = (int) e.getValue()[0];
      int eng = (int) Math.round(touches * e.getValue()[1]);
      engaged += eng;
      b.channel(
          new ChannelStats(
              e.getKey(), touches, eng, touches - eng, 0, eng, (eng + 1.0) / (touches + 5.0)));
    }
    return b.streak(streak).purchases(purchases, revenue).inbound(engaged + purchases).build();
  }

  static Lifecycle stage(Stage s) {
    List<StageTransition> ts = new ArrayList<>();
    ts.add(
        new StageTransition(
            null, Stage.ACQUISITION, AS_OF.minusSeconds(86_400 * 300), "first seen", null, false));
    if (s != Stage.ACQUISITION) {
      ts.add(
          new StageTransition(
              Stage.ACQUISITION, s, AS_OF.minusSeconds(86_400 * 10), "test", null, false));
    }
    return new Lifecycle(ts);
  }

  static RapportConfig config(ContactSettings contact) {
    RapportConfig d = RapportConfig.defaults();
    return new RapportConfig(
        d.zone(),
        d.currency(),
        d.channels(),
        d.score(),
        d.identity(),
        d.clv(),
        d.contactPressureWindow(),
        d.responsePriorEngaged(),
        d.responsePriorIgnored(),
        d.lifecycle(),
        contact,
        d.segments(),
        d.kpi());
  }

  /** Random customers, consents, recent touches and caps: the action never breaks a rule. */
  @Property(tries = 2000)
  void neverUsesAChannelWithoutConsentOrOverItsCap(@ForAll long seed) {
    Random r = new Random(seed);
    Channel[] all = Channel.values();
    Map<Channel, double[]> touched = new EnumMap<>(Channel.class);
    List<Consent> consent = new ArrayList<>();
    int[] recent = new int[all.length];
    boolean[] used = new boolean[all.length];
    Map<Channel, Integer> caps = new EnumMap<>(Channel.class);
    for (Channel c : all) {
      if (r.nextInt(3) > 0) {
        touched.put(c, new double[] {1 + r.nextInt(40), r.nextDouble()});
      }
      consent.add(Consent.values()[r.nextInt(3)]);
      recent[c.ordinal()] = r.nextInt(5);
      used[c.ordinal()] = r.nextBoolean();
      caps.put(c, r.nextInt(5));
    }
    ContactSettings rules =
        new ContactSettings(
            Duration.ofDays(7),
            caps,
            r.nextInt(30),
            r.nextInt(24),
            r.nextInt(24),
            r.nextBoolean(),
            r.nextInt(12),
            r.nextDouble());
    CustomerProfile p = profile(touched, r.nextInt(12), r.nextInt(10), r.nextDouble() * 2_000);
    int[] byPressure = new int[24];
    for (int i = 0; i < byPressure.length; i++) {
      byPressure[i] = i % 4 == 0 ? r.nextInt(12) : r.nextInt(3);
    }
    ContactEvidence evidence =
        new ContactEvidence(List.copyOf(consent), recent, used, r.nextInt(169) - 1, byPressure);
    CustomerFatigue fatigue = CustomerFatigue.of(evidence, 1, 4);
    EngagementStyle style = EngagementStyle.values()[r.nextInt(5)];
    NextBestAction a =
        NextBestActions.decide(
            p,
            stage(Stage.values()[r.nextInt(8)]),
            style,
            evidence,
            fatigue,
            config(rules),
            new NextBestActions.Fallback("test", r.nextInt(168)));

    if (!a.contact()) {
      assertThat(a.channel()).isNull();
      assertThat(a.reason()).isNotBlank();
      return;
    }
    Channel c = a.channel();
    assertThat(evidence.consent(c)).isNotEqualTo(Consent.WITHDRAWN);
    if (rules.requireExplicitConsent()) {
      assertThat(evidence.consent(c)).isEqualTo(Consent.GRANTED);
    }
    assertThat(evidence.recentTouches(c)).isLessThan(rules.cap(c));
    assertThat(evidence.recentTouchesAll()).isLessThan(rules.capOverall());
    if (fatigue.fatigued()) {
      assertThat(evidence.recentTouches(c)).isLessThan(rules.cap(c) / 2);
      assertThat(evidence.recentTouchesAll()).isLessThan(rules.capOverall() / 2);
    }
    assertThat(p.unengagedStreak() < rules.fatigueStreak() || rules.fatigueStreak() == 0).isTrue();
    assertThat(rules.isQuiet(a.hourOfWeek() % 24) && !allQuiet(rules)).isFalse();
    assertThat(a.theme()).isNotBlank();
    assertThat(a.reason()).startsWith(c.id() + ":");
  }

  private static boolean allQuiet(ContactSettings rules) {
    for (int h = 0; h < 24; h++) {
      if (!rules.isQuiet(h)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void picksTheChannelThatPays_andSaysWhy() {
    CustomerProfile p =
        profile(
            Map.of(Channel.EMAIL, new double[] {30, 0.05}, Channel.SMS, new double[] {10, 0.5}),
            0,
            4,
            400);
    ContactEvidence e = evidence(Consent.UNKNOWN, 0, 42);
    NextBestAction a =
        NextBestActions.decide(
            p,
            stage(Stage.LOYALTY),
            EngagementStyle.RELATIONAL,
            e,
            NOT_FATIGUED,
            RapportConfig.defaults(),
            new NextBestActions.Fallback("test", 10));
    assertThat(a.contact()).isTrue();
    assertThat(a.channel()).isEqualTo(Channel.SMS);
    assertThat(a.theme()).isEqualTo("loyalty reward");
    assertThat(a.time()).isEqualTo("Tue 18:00");
    assertThat(a.reason())
        .startsWith("sms: answers ")
        .contains("loyalty reward for a customer in loyalty (relational)");
  }

  @Test
  void restsATiredCustomer_andRespectsQuietHours() {
    CustomerProfile tired = profile(Map.of(Channel.EMAIL, new double[] {30, 0.2}), 9, 1, 50);
    NextBestAction a =
        NextBestActions.decide(
            tired,
            stage(Stage.ENGAGEMENT),
            EngagementStyle.RELATIONAL,
            evidence(Consent.GRANTED, 0, 3),
            NOT_FATIGUED,
            RapportConfig.defaults(),
            new NextBestActions.Fallback("test", 10));
    assertThat(a.contact()).isFalse();
    assertThat(a.reason()).startsWith("rest: 9 touches ignored in a row");
    // 23:00 on a Monday is quiet (21-8): moved to 08:00 on Tuesday.
    assertThat(NextBestActions.outOfQuietHours(23, ContactSettings.defaults())).isEqualTo(32);
  }

  @Test
  void noConsentNoContact() {
    CustomerProfile p = profile(Map.of(Channel.EMAIL, new double[] {30, 0.3}), 0, 2, 100);
    NextBestAction a =
        NextBestActions.decide(
            p,
            stage(Stage.LOYALTY),
            EngagementStyle.SOCIAL,
            evidence(Consent.WITHDRAWN, 0, 3),
            NOT_FATIGUED,
            RapportConfig.defaults(),
            new NextBestActions.Fallback("test", 10));
    assertThat(a.contact()).isFalse();
    assertThat(a.reason()).startsWith("no channel allowed: email withdrawn; sms withdrawn");
  }

  @Test
  void aFatiguedCustomerGetsHalfTheCaps_andIsToldWhy() {
    CustomerProfile p = profile(Map.of(Channel.EMAIL, new double[] {30, 0.3}), 0, 2, 400);
    int[] recent = new int[Channel.values().length];
    recent[Channel.EMAIL.ordinal()] = 2;
    ContactEvidence twoThisWeek =
        new ContactEvidence(
            java.util.Collections.nCopies(recent.length, Consent.GRANTED),
            recent,
            new boolean[recent.length],
            3,
            new int[24]);
    CustomerFatigue tired = new CustomerFatigue(true, 6, "answers less when busier");
    NextBestAction normal =
        NextBestActions.decide(
            p,
            stage(Stage.LOYALTY),
            EngagementStyle.RELATIONAL,
            twoThisWeek,
            NOT_FATIGUED,
            RapportConfig.defaults(),
            NextBestActions.Fallback.NONE);
    NextBestAction fatigued =
        NextBestActions.decide(
            p,
            stage(Stage.LOYALTY),
            EngagementStyle.RELATIONAL,
            twoThisWeek,
            tired,
            RapportConfig.defaults(),
            NextBestActions.Fallback.NONE);
    assertThat(normal.contact()).isTrue();
    // Default caps: 5 overall, halved to 2, and two touches were made this week already.
    assertThat(fatigued.contact()).isFalse();
    assertThat(fatigued.reason())
        .contains("of 2 touches in the window (half caps: answers less when busier)");
  }

  @Test
  void aCustomerWhoNeverEngagedGetsTheHourOfTheirSegment() {
    CustomerProfile buyer = profile(Map.of(Channel.EMAIL, new double[] {30, 0.3}), 0, 2, 400);
    ContactEvidence engagedTuesday = evidence(Consent.GRANTED, 0, 42);
    ContactEvidence engagedFriday = evidence(Consent.GRANTED, 0, 4 * 24 + 10);
    ContactEvidence never = evidence(Consent.GRANTED, 0, -1);
    List<NextBestAction> a =
        NextBestActions.forAll(
            List.of(buyer, buyer, buyer, buyer),
            List.of(
                stage(Stage.LOYALTY),
                stage(Stage.LOYALTY),
                stage(Stage.LOYALTY),
                stage(Stage.LOYALTY)),
            java.util.Collections.nCopies(4, EngagementStyle.RELATIONAL),
            java.util.Arrays.asList("champions", "lost", "lost", "champions"),
            List.of(engagedTuesday, engagedFriday, never, never),
            java.util.Collections.nCopies(4, NOT_FATIGUED),
            RapportConfig.defaults());
    assertThat(a.get(2).time()).isEqualTo("Fri 10:00");
    assertThat(a.get(2).reason())
        .endsWith("at the usual hour of customers in the RFM segment \"lost\"");
    assertThat(a.get(3).time()).isEqualTo("Tue 18:00");
  }

  private static ContactEvidence evidence(Consent all, int recent, int bestHour) {
    int n = Channel.values().length;
    List<Consent> c = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      c.add(all);
    }
    int[] r = new int[n];
    java.util.Arrays.fill(r, recent);
    boolean[] used = new boolean[n];
    java.util.Arrays.fill(used, true);
    return new ContactEvidence(List.copyOf(c), r, used, bestHour, new int[24]);
  }
}
