package dev.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.Signal;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.profile.ScoreComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Store} adapter must have. An adapter's test extends this class and
 * says how to open its store on a folder; opening twice on one folder must reach the same data.
 */
public abstract class StoreContract {
  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final Identifier ANN = Identifier.of("email", "ann@example.com");
  static final Identifier BOB = Identifier.of("email", "bob@example.com");

  @TempDir protected Path dir;
  protected Store store;

  /** A store on {@code dir}: the same data each time for the same folder. */
  protected abstract Store open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static Interaction event(String id, Identifier who, Instant ts, Kind kind) {
    return Interaction.of(
        id, who, ts, Channel.EMAIL, kind, kind == Kind.TOUCH ? Outcome.ENGAGED : null);
  }

  static Interaction full(
      String id,
      List<Identifier> ids,
      Instant ts,
      Kind kind,
      Outcome outcome,
      Boolean holdout,
      double value,
      double score,
      Map<String, String> attributes) {
    return new Interaction(
        id,
        ids,
        ts,
        Channel.SMS,
        kind,
        outcome,
        "spring-sale",
        "B",
        holdout,
        value,
        1.25,
        score,
        "said \"hi\"\nthen left",
        attributes);
  }

  List<Interaction> all() {
    List<Interaction> out = new ArrayList<>();
    store.forEachEvent(null, out::add);
    return out;
  }

  static Interaction campaignEvent(
      String id,
      Identifier who,
      Instant ts,
      Kind kind,
      String campaign,
      Boolean holdout,
      double v) {
    return new Interaction(
        id,
        List.of(who),
        ts,
        Channel.SMS,
        kind,
        null,
        campaign,
        kind == Kind.TOUCH ? "A" : null,
        holdout,
        v,
        0,
        Double.NaN,
        null,
        Map.of());
  }

  static List<String> ids(List<Interaction> events) {
    return events.stream().map(Interaction::eventId).toList();
  }

  // ---- appending ---------------------------------------------------------------------------

  @Test
  void appendEvents_newBatch_addsAllAndCounts() {
    int added =
        store.appendEvents(
            List.of(
                event("e1", ANN, T0, Kind.TOUCH),
                event("e2", ANN, T0.plusSeconds(60), Kind.RESPONSE),
                event("e3", BOB, T0.plusSeconds(120), Kind.PURCHASE)));

    assertThat(added).isEqualTo(3);
    assertThat(store.eventCount()).isEqualTo(3);
  }

  @Test
  void forEachEventWithText_readsOnlyEventsWithText_beforeTheCutoff_inOrder() {
    store.appendEvents(
        List.of(
            event("e1", ANN, T0, Kind.TOUCH),
            full("e2", List.of(ANN), T0.plusSeconds(60), Kind.SURVEY, null, null, 0, 4, Map.of()),
            full("e3", List.of(BOB), T0.plusSeconds(30), Kind.REVIEW, null, null, 0, 5, Map.of()),
            full(
                "e4", List.of(BOB), T0.plusSeconds(900), Kind.REVIEW, null, null, 0, 5, Map.of())));
    List<Interaction> texts = new ArrayList<>();
    store.forEachEventWithText(T0.plusSeconds(600), texts::add);
    assertThat(ids(texts)).containsExactly("e3", "e2");
    assertThat(texts.get(0).text()).isEqualTo("said \"hi\"\nthen left");
  }

  @Test
  void forEachEventOfKind_readsOnlyThoseKinds_beforeTheCutoff_inOrder() {
    store.appendEvents(
        List.of(
            event("e1", ANN, T0, Kind.TOUCH),
            event("e2", ANN, T0.plusSeconds(90), Kind.REFERRAL),
            event("e3", BOB, T0.plusSeconds(30), Kind.REVIEW),
            event("e4", BOB, T0.plusSeconds(900), Kind.REFERRAL)));
    List<Interaction> read = new ArrayList<>();
    store.forEachEventOfKind(
        T0.plusSeconds(600), java.util.EnumSet.of(Kind.REFERRAL, Kind.REVIEW), read::add);
    assertThat(ids(read)).containsExactly("e3", "e2");
    assertThatThrownBy(
            () -> store.forEachEventOfKind(null, java.util.EnumSet.noneOf(Kind.class), read::add))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendNewEvents_returnsOnlyTheEventsNotStoredYet_inBatchOrder_firstRepeatWinning() {
    store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)));
    List<Interaction> fresh =
        store.appendNewEvents(
            List.of(
                event("e3", BOB, T0, Kind.SIGNUP),
                event("e1", ANN, T0, Kind.TOUCH),
                event("e2", ANN, T0.plusSeconds(5), Kind.RESPONSE),
                event("e3", ANN, T0.plusSeconds(9), Kind.PURCHASE)));
    assertThat(ids(fresh)).containsExactly("e3", "e2");
    assertThat(fresh.get(0).identifiers()).containsExactly(BOB);
    assertThat(store.eventCount()).isEqualTo(3);
    assertThat(store.appendNewEvents(fresh)).isEmpty();
  }

  @Test
  void eraseCustomer_removesTheirEventsLinksProfileAndAttributes_andCountsThem() {
    Identifier annEmail = Identifier.of("email", "ann@x.org");
    store.appendEvents(
        List.of(
            event("e1", ANN, T0, Kind.TOUCH),
            full("e2", List.of(BOB, annEmail), T0, Kind.SIGNUP, null, null, 0, 0, Map.of()),
            event("e3", BOB, T0, Kind.PURCHASE)));
    store.replaceIdentityLinks(Map.of(ANN, "ann", annEmail, "ann", BOB, "bob"));
    store.upsertAttributes(ANN.toString(), Map.of("tier", "gold"));
    store.upsertAttributes(BOB.toString(), Map.of("tier", "silver"));

    Map<String, Long> erased = store.eraseCustomer("ann", List.of(ANN, annEmail));

    assertThat(erased.get("events")).isEqualTo(2); // e1, and e2 that also carries ann's e-mail
    assertThat(erased.get("identity_links")).isEqualTo(2);
    assertThat(erased.get("customer_attributes")).isEqualTo(1);
    List<Interaction> left = new ArrayList<>();
    store.forEachEvent(null, left::add);
    assertThat(ids(left)).containsExactly("e3");
    assertThat(store.customerOf(ANN)).isEmpty();
    assertThat(store.customerOf(BOB)).hasValue("bob");
    assertThat(store.attributesOf(List.of(ANN))).isEmpty();
    assertThat(store.attributesOf(List.of(BOB))).containsEntry("tier", "silver");
    // An erased id can be appended again (a new event that happens to reuse it).
    assertThat(store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)))).isEqualTo(1);
  }

  @Test
  void appendEvents_emptyBatch_addsNothing() {
    assertThat(store.appendEvents(List.of())).isZero();
    assertThat(store.eventCount()).isZero();
  }

  @Test
  void appendEvents_sameBatchAgain_addsNothing() {
    List<Interaction> batch =
        List.of(event("e1", ANN, T0, Kind.TOUCH), event("e2", BOB, T0, Kind.SIGNUP));
    store.appendEvents(batch);

    assertThat(store.appendEvents(batch)).isZero();
    assertThat(store.eventCount()).isEqualTo(2);
  }

  @Test
  void appendEvents_batchOverlappingStoredEvents_addsOnlyTheNewOnes() {
    store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)));

    int added =
        store.appendEvents(
            List.of(event("e1", ANN, T0, Kind.TOUCH), event("e2", ANN, T0, Kind.RESPONSE)));

    assertThat(added).isEqualTo(1);
    assertThat(ids(all())).containsExactly("e1", "e2");
  }

  @Test
  void appendEvents_duplicatesWithinBatch_keepsTheFirst() {
    Interaction first = event("dup", ANN, T0, Kind.PURCHASE).withValue(10);
    Interaction second = event("dup", BOB, T0.plusSeconds(5), Kind.PURCHASE).withValue(99);

    int added = store.appendEvents(List.of(first, event("other", ANN, T0, Kind.SIGNUP), second));

    assertThat(added).isEqualTo(2);
    assertThat(all()).filteredOn(e -> e.eventId().equals("dup")).containsExactly(first);
  }

  @Test
  void appendEvents_identifierHoldingTheSeparator_isRefusedAndNothingIsStored() {
    Identifier bad = Identifier.of("device_id", "a\u001fb");
    List<Interaction> batch =
        List.of(event("ok", ANN, T0, Kind.SIGNUP), event("bad", bad, T0, Kind.SIGNUP));

    assertThatThrownBy(() -> store.appendEvents(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad")
        .hasMessageContaining("U+001F");
    assertThat(store.eventCount()).isZero();
    assertThat(store.appendEvents(List.of(event("ok", ANN, T0, Kind.SIGNUP)))).isEqualTo(1);
  }

  @Test
  void appendEvents_manyBatches_keepsEveryEventOnceAndStreamsInOrder() {
    Random random = new Random(42);
    List<Interaction> expected = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      List<Interaction> batch = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        Interaction e =
            event(
                "b" + b + "-" + i,
                Identifier.of("customer_id", "c" + random.nextInt(500)),
                T0.plusSeconds(random.nextInt(1_000_000)),
                random.nextBoolean() ? Kind.TOUCH : Kind.RESPONSE);
        batch.add(e);
        expected.add(e);
      }
      batch.add(batch.get(0)); // a repeat within the batch
      if (b > 0) {
        batch.add(expected.get(0)); // and one of an earlier batch
      }
      assertThat(store.appendEvents(batch)).isEqualTo(4000);
    }
    expected.sort(
        Comparator.comparing(Interaction::ts)
            .thenComparing(e -> e.kind() != Kind.TOUCH)
            .thenComparing(Interaction::eventId));

    assertThat(store.eventCount()).isEqualTo(20_000);
    assertThat(all()).containsExactlyElementsOf(expected);
  }

  // ---- reading in fold order ---------------------------------------------------------------

  @Test
  void forEachEvent_sameInstant_touchComesBeforeResponse() {
    // The response's id sorts first, so only the kind rule puts the touch ahead of it.
    store.appendEvents(
        List.of(
            event("z-touch", ANN, T0, Kind.TOUCH),
            event("a-response", ANN, T0, Kind.RESPONSE),
            event("m-purchase", ANN, T0, Kind.PURCHASE),
            event("b-touch", ANN, T0, Kind.TOUCH),
            event("earlier", ANN, T0.minusMillis(1), Kind.RESPONSE),
            event("later", ANN, T0.plusNanos(1000), Kind.TOUCH)));

    assertThat(ids(all()))
        .containsExactly("earlier", "b-touch", "z-touch", "a-response", "m-purchase", "later");
  }

  @Test
  void forEachEvent_until_isExclusive() {
    store.appendEvents(
        List.of(
            event("before", ANN, T0.minusSeconds(1), Kind.TOUCH),
            event("at", ANN, T0, Kind.TOUCH),
            event("after", ANN, T0.plusSeconds(1), Kind.TOUCH)));

    List<Interaction> upTo = new ArrayList<>();
    store.forEachEvent(T0, upTo::add);
    List<Interaction> justAfter = new ArrayList<>();
    store.forEachEvent(T0.plusNanos(1), justAfter::add);

    assertThat(ids(upTo)).containsExactly("before");
    assertThat(ids(justAfter)).containsExactly("before", "at");
    assertThat(ids(all())).containsExactly("before", "at", "after");
  }

  @Test
  void forEachEvent_actionCallsBackIntoTheStore() {
    store.appendEvents(
        List.of(event("e1", ANN, T0, Kind.TOUCH), event("e2", ANN, T0.plusSeconds(1), Kind.TOUCH)));
    List<Long> counts = new ArrayList<>();

    store.forEachEvent(
        null,
        e -> {
          counts.add(store.eventCount());
          store.putMeta("seen", e.eventId());
        });

    assertThat(counts).containsExactly(2L, 2L);
    assertThat(store.meta("seen")).contains("e2");
  }

  @Test
  void forEachEvent_actionThrows_stopsTheStreamAndLeavesTheStoreUsable() {
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(event(String.format("e%05d", i), ANN, T0.plusSeconds(i), Kind.TOUCH));
    }
    store.appendEvents(events);
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicLong seen = new AtomicLong();

    assertThatThrownBy(
            () ->
                store.forEachEvent(
                    null,
                    e -> {
                      if (seen.incrementAndGet() == 3000) {
                        throw boom;
                      }
                    }))
        .isSameAs(boom);

    assertThat(seen).hasValue(3000);
    assertThat(store.eventCount()).isEqualTo(10_000);
    assertThat(all()).containsExactlyElementsOf(events);
  }

  @Test
  void forEachEvent_emptyStore_callsNothing() {
    AtomicLong calls = new AtomicLong();
    store.forEachEvent(null, e -> calls.incrementAndGet());
    assertThat(calls).hasValue(0);
  }

  @Test
  void eventTimes_emptyStore_areNull() {
    assertThat(store.minEventTime()).isNull();
    assertThat(store.maxEventTime()).isNull();
  }

  @Test
  void eventTimes_areTheEarliestAndLatest() {
    store.appendEvents(
        List.of(
            event("b", ANN, T0, Kind.TOUCH),
            event("a", ANN, T0.minusSeconds(3600), Kind.TOUCH),
            event("c", ANN, T0.plusMillis(1500), Kind.TOUCH)));

    assertThat(store.minEventTime()).isEqualTo(T0.minusSeconds(3600));
    assertThat(store.maxEventTime()).isEqualTo(T0.plusMillis(1500));
  }

  // ---- round trip --------------------------------------------------------------------------

  @Test
  void events_roundTripEveryField() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("tier", "gold");
    attributes.put("quote\"and\\slash", "line\nbreak\ttab \u0001 ctrl");
    attributes.put("unicode", "Grüße, 東京 🎉");
    attributes.put("empty", "");
    List<Interaction> events =
        List.of(
            full(
                "full-1",
                List.of(
                    Identifier.of("customer_id", "urn:crm:42"),
                    Identifier.of("email", "Ann@Example.com"),
                    Identifier.of("phone", "+44 20 7946 0000")),
                T0.plusNanos(123_456_000),
                Kind.TOUCH,
                null,
                null,
                0.0,
                Double.NaN,
                attributes),
            full(
                "full-2",
                List.of(Identifier.of("device_id", "a:b:c")),
                T0.plusSeconds(1),
                Kind.TOUCH,
                Outcome.UNENGAGED,
                Boolean.TRUE,
                0.0,
                Double.NaN,
                Map.of()),
            full(
                "full-3",
                List.of(ANN),
                T0.plusSeconds(2),
                Kind.RETURN,
                null,
                Boolean.FALSE,
                -42.5,
                Double.NaN,
                Map.of("reason", "too small")),
            full(
                "full-4",
                List.of(BOB),
                Instant.parse("1970-01-01T00:00:00.999999Z"), // the earliest supported second
                Kind.SURVEY,
                null,
                null,
                0.0,
                9.0,
                Map.of()),
            new Interaction(
                "minimal",
                List.of(BOB),
                T0.plusSeconds(3),
                Channel.OTHER,
                Kind.CONSENT,
                null,
                null,
                null,
                null,
                0.0,
                0.0,
                Double.NaN,
                null,
                null));
    store.appendEvents(events);

    List<Interaction> read = all();

    assertThat(read).containsExactlyInAnyOrderElementsOf(events);
    Interaction first = read.stream().filter(e -> e.eventId().equals("full-1")).findFirst().get();
    assertThat(first.identifiers()).containsExactlyElementsOf(events.get(0).identifiers());
    assertThat(first.score()).isNaN();
    assertThat(first.outcome()).isNull();
    assertThat(first.holdout()).isNull();
  }

  @Test
  void events_roundTripAwkwardText() {
    List<Interaction> events = new ArrayList<>();
    String[] awkward = {
      "", "-", "3:abc", "0:", "🎉", "e\u0301 combining", "a\u001eb", "x\u0001y", "𝄞𝄞:𝄞"
    };
    for (int i = 0; i < awkward.length; i++) {
      String s = awkward[i];
      events.add(
          new Interaction(
              "id-" + i + "-" + s,
              List.of(Identifier.of("device_id", "dev:" + s + ":" + i)),
              T0.plusSeconds(i),
              Channel.WEB,
              Kind.REVIEW,
              null,
              s,
              s,
              null,
              0,
              0,
              Double.NaN,
              s,
              s.isEmpty() ? Map.of() : Map.of(s, s)));
    }
    store.appendEvents(events);

    assertThat(all()).containsExactlyElementsOf(events);
    assertThat(store.eventsWithAnyIdentifier(events.get(4).identifiers(), 10, 0))
        .containsExactly(events.get(4));
  }

  @Test
  void events_instantsKeepMicrosecondsAndDropNanoseconds() {
    store.appendEvents(List.of(event("e", ANN, T0.plusNanos(1_234_567), Kind.TOUCH)));

    assertThat(all().get(0).ts()).isEqualTo(T0.plusNanos(1_234_000));
  }

  // ---- persistence -------------------------------------------------------------------------

  @Test
  void everything_survivesCloseAndReopen() {
    Interaction e = full("p1", List.of(ANN), T0, Kind.PURCHASE, null, true, 12.5, 4, Map.of());
    store.appendEvents(List.of(e));
    store.replaceIdentityLinks(Map.of(ANN, "cust-1"));
    CustomerProfile p = profile("cust-1", 7);
    store.replaceProfiles(List.of(p));
    store.upsertAttributes(List.of(Map.entry(ANN, Map.of("tier", "gold"))));
    store.putMeta("analyzed_events", "1");
    store.close();

    store = open(dir);

    assertThat(all()).containsExactly(e);
    assertThat(store.eventCount()).isEqualTo(1);
    assertThat(store.customerOf(ANN)).contains("cust-1");
    assertThat(store.profile("cust-1")).contains(p);
    assertThat(store.attributesOf(List.of(ANN))).containsExactly(Map.entry("tier", "gold"));
    assertThat(store.meta("analyzed_events")).contains("1");
    assertThat(store.appendEvents(List.of(e))).isZero();
  }

  // ---- identity ----------------------------------------------------------------------------

  @Test
  void identityLinks_lookUpBothWays() {
    Identifier phone = Identifier.of("phone", "+15551234");
    store.replaceIdentityLinks(Map.of(ANN, "cust-1", phone, "cust-1", BOB, "cust-2"));

    assertThat(store.customerOf(ANN)).contains("cust-1");
    assertThat(store.customerOf(phone)).contains("cust-1");
    assertThat(store.customerOf(BOB)).contains("cust-2");
    assertThat(store.customerOf(Identifier.of("email", "nobody@example.com"))).isEmpty();
    assertThat(store.identifiersOf("cust-1")).containsExactly(ANN, phone);
    assertThat(store.identifiersOf("nobody")).isEmpty();
  }

  @Test
  void identityLinks_replace_dropsEveryEarlierLink() {
    store.replaceIdentityLinks(Map.of(ANN, "cust-1", BOB, "cust-2"));

    store.replaceIdentityLinks(Map.of(ANN, "cust-9"));

    assertThat(store.customerOf(ANN)).contains("cust-9");
    assertThat(store.customerOf(BOB)).isEmpty();
    assertThat(store.identifiersOf("cust-1")).isEmpty();
    assertThat(store.identifiersOf("cust-9")).containsExactly(ANN);
  }

  @Test
  void identityLinks_manyLinks_replaceAndLookUp() {
    Map<Identifier, String> links = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      links.put(Identifier.of("customer_id", "c" + i), "cust-" + (i / 2));
    }
    store.replaceIdentityLinks(links);
    store.replaceIdentityLinks(links);

    assertThat(store.customerOf(Identifier.of("customer_id", "c4711"))).contains("cust-2355");
    assertThat(store.identifiersOf("cust-2355"))
        .containsExactly(
            Identifier.of("customer_id", "c4710"), Identifier.of("customer_id", "c4711"));
  }

  // ---- decisions ---------------------------------------------------------------------------

  @Test
  void decisions_roundTripInOrder_andReplaceDropsEarlierOnes() {
    Map<String, String> a = new java.util.LinkedHashMap<>();
    a.put("dominant_style", "social");
    a.put("nba_reason", "email: answers 23% of touches there, \"quoted\", ünïcode");
    store.replaceDecisions(Map.of("cust-1", a, "cust-2", Map.of("touch_model", "hybrid")));
    assertThat(store.decisions("cust-1")).containsExactlyEntriesOf(a);
    assertThat(store.decisions("cust-2")).containsEntry("touch_model", "hybrid");
    assertThat(store.decisions("nobody")).isEmpty();
    store.replaceDecisions(Map.of("cust-2", Map.of("touch_model", "low-touch")));
    assertThat(store.decisions("cust-1")).isEmpty();
    assertThat(store.decisions("cust-2")).containsEntry("touch_model", "low-touch");
  }

  // ---- lifecycles --------------------------------------------------------------------------

  @Test
  void lifecycles_roundTripExactly_andReplaceDropsEarlierOnes() {
    Lifecycle a =
        new Lifecycle(
            List.of(
                new StageTransition(
                    null,
                    Stage.ACQUISITION,
                    Instant.parse("2024-01-01T10:00:00Z"),
                    "first seen: touch on email",
                    "e1",
                    false),
                new StageTransition(
                    Stage.ACQUISITION,
                    Stage.ACTIVATION,
                    Instant.parse("2024-01-03T09:00:00Z"),
                    "first purchase",
                    "e2",
                    false),
                new StageTransition(
                    Stage.ACTIVATION,
                    Stage.DISENGAGED,
                    Instant.parse("2024-04-02T09:00:00Z"),
                    "no engaged activity for 90 days (3 x the usual gap of 30 days (assumed))",
                    null,
                    false),
                new StageTransition(
                    Stage.DISENGAGED,
                    Stage.ACTIVATION,
                    Instant.parse("2024-05-01T12:30:00Z"),
                    "returned: purchase on web, \"quoted\"",
                    "e9",
                    true)));
    Lifecycle b =
        new Lifecycle(
            List.of(
                new StageTransition(
                    null,
                    Stage.ACQUISITION,
                    Instant.parse("2024-02-01T00:00:00Z"),
                    "first seen",
                    null,
                    false)));
    store.replaceLifecycles(Map.of("cust-1", a, "cust-2", b));
    assertThat(store.lifecycle("cust-1")).contains(a);
    assertThat(store.lifecycle("cust-2")).contains(b);
    assertThat(store.lifecycle("nobody")).isEmpty();
    assertThat(store.lifecycles()).containsOnly(Map.entry("cust-1", a), Map.entry("cust-2", b));
    store.replaceLifecycles(Map.of("cust-2", b));
    assertThat(store.lifecycle("cust-1")).isEmpty();
    assertThat(store.lifecycle("cust-2")).contains(b);
  }

  // ---- profiles ----------------------------------------------------------------------------

  static CustomerProfile profile(String id, int key) {
    return new CustomerProfile(
        key,
        id,
        Instant.parse("2024-07-01T00:00:00Z"),
        Instant.parse("2023-01-05T08:30:00Z"),
        Instant.parse("2024-06-30T17:45:12Z"),
        542.6354166666666,
        57,
        List.of(
            new ChannelStats(Channel.SMS, 10, 3, 6, 1, 4, 0.26666666666666666),
            new ChannelStats(Channel.EMAIL, 40, 5, 33, 2, 0, 1.0 / 7.0),
            new ChannelStats(Channel.WEB, 0, 0, 0, 0, 9, Double.NaN)),
        13,
        Instant.parse("2024-06-30T17:45:12Z"),
        5,
        1234.5600000000002,
        1,
        -19.99,
        Instant.parse("2023-02-01T00:00:00Z"),
        Instant.parse("2024-05-20T00:00:00Z"),
        3.0,
        67.28571428571429,
        73.71428571428571,
        403.85,
        2,
        0,
        1,
        6,
        4,
        61.803398874989485,
        List.of(
            new ScoreComponent(Signal.PURCHASE, 31.2, 4.5e-3),
            new ScoreComponent(Signal.RESPONSE, 9.000000000000002, 1.0e300),
            new ScoreComponent(Signal.IGNORED, -4.1, -0.0)));
  }

  static CustomerProfile neverPurchased(String id, int key) {
    return new CustomerProfile(
        key,
        id,
        T0,
        T0.minusSeconds(86_400),
        T0,
        1.0,
        1,
        List.of(),
        0,
        null,
        0,
        0.0,
        0,
        0.0,
        null,
        null,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        0,
        0,
        0,
        1,
        1,
        0.0,
        List.of());
  }

  @Test
  void profiles_roundTripExactly() {
    CustomerProfile full = profile("cust-1", 0);
    CustomerProfile empty = neverPurchased("cust-2", 1);
    store.replaceProfiles(List.of(full, empty));

    assertThat(store.profileCount()).isEqualTo(2);
    assertThat(store.profile("cust-1")).contains(full);
    assertThat(store.profile("cust-2")).contains(empty);
    assertThat(store.profile("cust-1").get().channels())
        .extracting(ChannelStats::channel)
        .containsExactly(Channel.SMS, Channel.EMAIL, Channel.WEB);
    assertThat(store.profile("cust-2").get().frequency()).isNaN();
    assertThat(store.profile("cust-3")).isEmpty();
    assertThat(store.profiles()).containsExactly(full, empty);
  }

  @Test
  void forEachProfile_streamsEveryProfile_byCustomerId_andMayCallBackIntoTheStore() {
    CustomerProfile b = profile("cust-b", 0);
    CustomerProfile a = neverPurchased("cust-a", 1);
    store.replaceProfiles(List.of(b, a));
    List<CustomerProfile> seen = new ArrayList<>();
    store.forEachProfile(
        p -> {
          seen.add(p);
          assertThat(store.profile(p.customerId())).contains(p);
        });
    assertThat(seen).containsExactly(a, b);
  }

  @Test
  void profiles_replace_dropsEveryEarlierProfile() {
    store.replaceProfiles(List.of(profile("cust-1", 0), profile("cust-2", 1)));

    store.replaceProfiles(List.of(neverPurchased("cust-2", 0)));

    assertThat(store.profileCount()).isEqualTo(1);
    assertThat(store.profile("cust-1")).isEmpty();
    assertThat(store.profile("cust-2")).contains(neverPurchased("cust-2", 0));
  }

  @Test
  void updateCustomers_rewritesAndRemovesSomeCustomers_leavingTheOthers_andRepeatsIdempotently() {
    Lifecycle first =
        new Lifecycle(
            List.of(
                new StageTransition(
                    null,
                    Stage.ACQUISITION,
                    Instant.parse("2024-02-01T00:00:00Z"),
                    "first seen",
                    "e1",
                    false)));
    Lifecycle later =
        new Lifecycle(
            List.of(
                first.transitions().get(0),
                new StageTransition(
                    Stage.ACQUISITION,
                    Stage.ACTIVATION,
                    Instant.parse("2024-02-03T00:00:00Z"),
                    "first purchase",
                    "e4",
                    false)));
    store.replaceProfiles(
        List.of(profile("cust-1", 0), profile("cust-2", 1), profile("cust-3", 2)));
    store.replaceLifecycles(Map.of("cust-1", later, "cust-2", later, "cust-3", first));

    for (int i = 0; i < 2; i++) { // a replay after a restart writes the same call again
      store.updateCustomers(
          List.of(neverPurchased("cust-2", 0), neverPurchased("cust-4", 0)),
          Map.of("cust-2", first, "cust-4", later),
          List.of("cust-3", "nobody"));
    }

    assertThat(store.profiles())
        .containsExactlyInAnyOrder(
            profile("cust-1", 0), neverPurchased("cust-2", 0), neverPurchased("cust-4", 0));
    assertThat(store.lifecycles())
        .containsOnly(
            Map.entry("cust-1", later), Map.entry("cust-2", first), Map.entry("cust-4", later));
    assertThatThrownBy(
            () ->
                store.updateCustomers(
                    List.of(neverPurchased("cust-5", 0), neverPurchased("cust-5", 1)),
                    Map.of(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cust-5");
    assertThat(store.profile("cust-5")).isEmpty();
  }

  @Test
  void profiles_sameCustomerTwice_isRefused() {
    store.replaceProfiles(List.of(profile("cust-1", 0)));

    assertThatThrownBy(
            () -> store.replaceProfiles(List.of(profile("cust-2", 0), profile("cust-2", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cust-2");
    assertThat(store.profile("cust-1")).isPresent();
  }

  @Test
  void profiles_many_replaceAndLookUp() {
    List<CustomerProfile> profiles = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      profiles.add(i % 2 == 0 ? profile("c" + i, i) : neverPurchased("c" + i, i));
    }
    store.replaceProfiles(profiles);
    store.replaceProfiles(profiles);

    assertThat(store.profileCount()).isEqualTo(20_000);
    assertThat(store.profile("c12344")).contains(profiles.get(12_344));
    assertThat(store.profile("c12345")).contains(profiles.get(12_345));
  }

  // ---- customer attributes -----------------------------------------------------------------

  @Test
  void attributes_upsert_setsNamedValuesAndKeepsOthers() {
    store.upsertAttributes(ANN.toString(), Map.of("tier", "silver", "city", "Leeds"));

    store.upsertAttributes(ANN.toString(), Map.of("tier", "gold"));

    assertThat(store.attributesOf(List.of(ANN))).isEqualTo(Map.of("tier", "gold", "city", "Leeds"));
    assertThat(store.attributesOf(List.of(BOB))).isEmpty();
    assertThat(store.attributesOf(List.of())).isEmpty();
  }

  @Test
  void attributes_bulk_laterEntryWins() {
    store.upsertAttributes(
        List.of(
            Map.entry(ANN, Map.of("tier", "silver", "city", "Leeds")),
            Map.entry(BOB, Map.of("tier", "bronze")),
            Map.entry(ANN, Map.of("tier", "gold"))));

    assertThat(store.attributesOf(List.of(ANN))).isEqualTo(Map.of("tier", "gold", "city", "Leeds"));
    assertThat(store.attributesOf(List.of(BOB))).isEqualTo(Map.of("tier", "bronze"));
  }

  @Test
  void attributesOf_severalIdentifiers_mergesWithTheLatestWriteWinning() {
    Identifier crm = Identifier.of("customer_id", "42");
    store.upsertAttributes(
        List.of(Map.entry(crm, Map.of("tier", "silver", "city", "Leeds", "segment", "b2b"))));
    store.upsertAttributes(List.of(Map.entry(ANN, Map.of("tier", "gold", "plan", "annual"))));
    store.upsertAttributes(crm.toString(), Map.of("city", "York"));

    Map<String, String> merged = store.attributesOf(List.of(crm, ANN, BOB));

    assertThat(merged)
        .isEqualTo(Map.of("tier", "gold", "city", "York", "segment", "b2b", "plan", "annual"));
    assertThat(store.attributesOf(List.of(ANN, crm))).isEqualTo(merged);
  }

  // ---- timeline ----------------------------------------------------------------------------

  @Test
  void eventsWithAnyIdentifier_pagesNewestFirst() {
    Identifier annPhone = Identifier.of("phone", "+4411");
    Identifier annLookalike = Identifier.of("email", "ann@example.com.au");
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event(String.format("ann-%02d", i), ANN, T0.plusSeconds(i * 60L), Kind.TOUCH));
    }
    events.add(
        new Interaction(
            "both",
            List.of(BOB, annPhone),
            T0.plusSeconds(30),
            Channel.PHONE,
            Kind.RESPONSE,
            null,
            null,
            null,
            null,
            0,
            0,
            Double.NaN,
            null,
            null));
    events.add(event("bob-only", BOB, T0.plusSeconds(45), Kind.TOUCH));
    events.add(event("lookalike", annLookalike, T0.plusSeconds(50), Kind.TOUCH));
    events.add(event("same-instant-response", ANN, T0.plusSeconds(9 * 60L), Kind.RESPONSE));
    Collections.shuffle(events, new Random(7));
    store.appendEvents(events);
    List<Identifier> ann = List.of(ANN, annPhone);

    List<Interaction> page1 = store.eventsWithAnyIdentifier(ann, 4, 0);
    List<Interaction> page2 = store.eventsWithAnyIdentifier(ann, 4, 4);
    List<Interaction> page3 = store.eventsWithAnyIdentifier(ann, 4, 8);

    assertThat(ids(page1)).containsExactly("same-instant-response", "ann-09", "ann-08", "ann-07");
    assertThat(ids(page2)).containsExactly("ann-06", "ann-05", "ann-04", "ann-03");
    assertThat(ids(page3)).containsExactly("ann-02", "ann-01", "both", "ann-00");
    assertThat(store.eventsWithAnyIdentifier(ann, 4, 12)).isEmpty();
    assertThat(store.eventsWithAnyIdentifier(ann, 0, 0)).isEmpty();
    assertThat(store.eventsWithAnyIdentifier(List.of(), 10, 0)).isEmpty();
    assertThat(ids(store.eventsWithAnyIdentifier(List.of(BOB), 10, 0)))
        .containsExactly("bob-only", "both");
    assertThat(page3.get(2))
        .isEqualTo(events.stream().filter(e -> e.eventId().equals("both")).findFirst().get());
  }

  @Test
  void eventsWithAnyIdentifier_negativePaging_isRefused() {
    assertThatThrownBy(() -> store.eventsWithAnyIdentifier(List.of(ANN), -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.eventsWithAnyIdentifier(List.of(ANN), 1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- meta and lifecycle ------------------------------------------------------------------

  @Test
  void meta_putAndOverwrite() {
    assertThat(store.meta("analyzed_events")).isEmpty();

    store.putMeta("analyzed_events", "10");
    store.putMeta("analyzed_events", "12");

    assertThat(store.meta("analyzed_events")).contains("12");
  }

  @Test
  void meta_schemaVersion_isSetByTheStore() {
    assertThat(store.meta("schema_version"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
  }

  @Test
  void closedStore_refusesUse() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.eventCount())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  // ---- campaigns ---------------------------------------------------------------------------

  static final Identifier CAL = Identifier.of("email", "cal@example.com");
  static final Identifier DOT = Identifier.of("phone", "+15550100");
  static final Identifier DOT_EMAIL = Identifier.of("email", "dot@example.com");

  /**
   * Ann is sent the offer and answers and buys within the window; Bob is held out and buys after
   * it; Cal is both held out and sent; Dot is sent the offer by phone and buys under her email
   * (linked to her by the analysis), a return netting the revenue; Eve is touched too late for her
   * window to close. The newsletter keeps no holdout.
   */
  private void storeCampaign() {
    Identifier eve = Identifier.of("email", "eve@example.com");
    long day = 86_400;
    store.appendEvents(
        List.of(
            campaignEvent("a1", ANN, T0, Kind.TOUCH, "offer", false, 0),
            campaignEvent("a2", ANN, T0.plusSeconds(3600), Kind.RESPONSE, "offer", null, 0),
            campaignEvent("a3", ANN, T0.plusSeconds(2 * day), Kind.PURCHASE, null, null, 40),
            campaignEvent("a4", ANN, T0.plusSeconds(20 * day), Kind.PURCHASE, null, null, 99),
            campaignEvent("b1", BOB, T0.plusSeconds(day), Kind.TOUCH, "offer", true, 0),
            campaignEvent("b2", BOB, T0.plusSeconds(16 * day), Kind.PURCHASE, null, null, 30),
            campaignEvent("c1", CAL, T0, Kind.TOUCH, "offer", true, 0),
            campaignEvent("c2", CAL, T0.plusSeconds(day), Kind.TOUCH, "offer", false, 0),
            campaignEvent("d1", DOT, T0, Kind.TOUCH, "offer", null, 0),
            campaignEvent("d2", DOT_EMAIL, T0.plusSeconds(day), Kind.PURCHASE, null, null, 50),
            campaignEvent("d3", DOT_EMAIL, T0.plusSeconds(3 * day), Kind.RETURN, null, null, -20),
            campaignEvent("d4", DOT, T0.minusSeconds(day), Kind.PURCHASE, null, null, 10),
            campaignEvent("e1", eve, T0.plusSeconds(25 * day), Kind.TOUCH, "offer", false, 0),
            campaignEvent("n1", ANN, T0, Kind.TOUCH, "newsletter", null, 0),
            campaignEvent("n2", BOB, T0, Kind.TOUCH, "newsletter", false, 0),
            campaignEvent("n3", BOB, T0.plusSeconds(60), Kind.RESPONSE, "newsletter", null, 0),
            campaignEvent("z1", ANN, T0.plusSeconds(30 * day), Kind.RESPONSE, null, null, 0)));
    Map<Identifier, String> links = new HashMap<>();
    links.put(ANN, "ann");
    links.put(BOB, "bob");
    links.put(CAL, "cal");
    links.put(DOT, "dot");
    links.put(DOT_EMAIL, "dot");
    links.put(eve, "eve");
    store.replaceIdentityLinks(links);
  }

  @Test
  void campaignUnits_assignEachCustomerAndCountTheirOutcomesInTheWindowOnEveryIdentifier() {
    storeCampaign();
    List<CampaignUnit> units = store.campaignUnits(null, java.time.Duration.ofDays(14));
    assertThat(units)
        .containsExactly(
            new CampaignUnit("offer", "ann", T0, false, true, "A", true, true, 40, true),
            new CampaignUnit(
                "offer", "bob", T0.plusSeconds(86_400), true, false, "A", false, false, 0, true),
            new CampaignUnit("offer", "cal", T0, true, true, "A", false, false, 0, true),
            new CampaignUnit("offer", "dot", T0, false, true, "A", false, true, 30, true),
            new CampaignUnit(
                "offer",
                "eve",
                T0.plusSeconds(25 * 86_400),
                false,
                true,
                "A",
                false,
                false,
                0,
                false));
    assertThat(units.get(2).contaminated()).isTrue();
  }

  @Test
  void campaignUnits_variantIsTheFirstNamedOne_whenTheFirstTouchNamesNone() {
    Interaction noVariant =
        new Interaction(
            "v1",
            List.of(ANN),
            T0,
            Channel.EMAIL,
            Kind.TOUCH,
            null,
            "trial",
            null,
            false,
            0,
            0,
            Double.NaN,
            null,
            Map.of());
    Interaction named =
        new Interaction(
            "v2",
            List.of(ANN),
            T0.plusSeconds(60),
            Channel.EMAIL,
            Kind.TOUCH,
            null,
            "trial",
            "B",
            false,
            0,
            0,
            Double.NaN,
            null,
            Map.of());
    Interaction held =
        new Interaction(
            "v3",
            List.of(BOB),
            T0,
            Channel.EMAIL,
            Kind.TOUCH,
            null,
            "trial",
            null,
            true,
            0,
            0,
            Double.NaN,
            null,
            Map.of());
    store.appendEvents(List.of(noVariant, named, held));
    store.replaceIdentityLinks(Map.of(ANN, "ann", BOB, "bob"));
    assertThat(store.campaignUnits("trial", java.time.Duration.ofDays(7)))
        .extracting(CampaignUnit::customerId, CampaignUnit::variant)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ann", "B"),
            org.assertj.core.groups.Tuple.tuple("bob", null));
  }

  @Test
  void campaignUnits_oneCampaign_andALongerWindow() {
    storeCampaign();
    List<CampaignUnit> units = store.campaignUnits("offer", java.time.Duration.ofDays(21));
    assertThat(units)
        .extracting(CampaignUnit::revenue)
        .containsExactly(139.0, 30.0, 0.0, 30.0, 0.0);
    assertThat(store.campaignUnits("newsletter", java.time.Duration.ofDays(21)))
        .as("no holdout group, no units")
        .isEmpty();
    assertThatThrownBy(() -> store.campaignUnits(null, java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
  }

  @Test
  void campaignActivity_countsSendsAssignmentsAndAttributedResponses() {
    storeCampaign();
    assertThat(store.campaignActivity(null))
        .containsExactly(
            new CampaignActivity("newsletter", 2, 0, 2, 1, 0, T0, T0),
            new CampaignActivity("offer", 4, 2, 5, 1, 0, T0, T0.plusSeconds(25 * 86_400)));
    assertThat(store.campaignActivity("none")).isEmpty();
  }

  @Test
  void attributesByCustomer_followsTheIdentityLinks() {
    storeCampaign();
    store.upsertAttributes(
        List.of(
            Map.entry(DOT, Map.of("country", "US")),
            Map.entry(DOT_EMAIL, Map.of("age_band", "25-34")),
            Map.entry(ANN, Map.of("country", "GB"))));
    assertThat(store.attributesByCustomer())
        .containsOnly(
            Map.entry("dot", Map.of("country", "US", "age_band", "25-34")),
            Map.entry("ann", Map.of("country", "GB")));
  }
}
