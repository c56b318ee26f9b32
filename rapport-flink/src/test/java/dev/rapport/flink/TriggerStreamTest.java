package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.trigger.TriggerRules;
import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The {@code triggers:} of rapport.yaml fired by the job in stream mode (MiniCluster, parallelism
 * 2), in event time: stage entered, events of a kind (with and without a condition on the
 * customer), and silence since the last inbound interaction.
 */
class TriggerStreamTest {
  private static final String RULES =
      String.join(
          "\n",
          "triggers:",
          "  lost:",
          "    on: stage",
          "    stage: disengaged",
          "    webhook: https://crm.example.com/hooks",
          "  bought:",
          "    on: event",
          "    kind: purchase",
          "    webhook: https://crm.example.com/hooks",
          "  big_buyer:",
          "    on: event",
          "    kind: purchase",
          "    when: 'purchases >= 3'",
          "    webhook: https://crm.example.com/hooks",
          "  quiet:",
          "    on: silence",
          "    days: 30",
          "    webhook: https://crm.example.com/hooks",
          "");

  private record Run(List<Snapshot> snapshots, List<Transition> transitions, List<Trigger> fired) {}

  private static Run run(List<Interaction> events) throws Exception {
    List<FlinkEvent> arrival = new ArrayList<>();
    for (Interaction e : events) {
      arrival.add(FlinkEvent.of(e));
    }
    arrival.sort(Comparator.comparingLong(FlinkEvent::millis));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
    env.getConfig().setAutoWatermarkInterval(1);
    SingleOutputStreamOperator<Snapshot> folded =
        RapportJob.stream(
            env.fromData(arrival, TypeInformation.of(FlinkEvent.class))
                .map(new StreamModeTest.Throttle())
                .returns(FlinkEvent.class)
                .setParallelism(1),
            RapportConfig::defaults,
            () -> TriggerRules.parse(RULES, "rapport.yaml"),
            Duration.ofHours(1),
            Duration.ofHours(1));
    List<Snapshot> snapshots = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    List<Trigger> fired = new ArrayList<>();
    try (CloseableIterator<Snapshot> s = folded.collectAsync();
        CloseableIterator<Transition> t = RapportJob.transitions(folded).collectAsync();
        CloseableIterator<Trigger> f = RapportJob.triggers(folded).collectAsync()) {
      env.execute("triggers");
      s.forEachRemaining(snapshots::add);
      t.forEachRemaining(transitions::add);
      f.forEachRemaining(fired::add);
    }
    return new Run(snapshots, transitions, fired);
  }

  private static List<Trigger> of(Run r, String rule) {
    return r.fired().stream().filter(t -> t.rule.equals(rule)).toList();
  }

  @Test
  void stageAndEventRules_fireOncePerStageEnteredAndPerNewEvent_withTheirConditions()
      throws Exception {
    List<Interaction> events = RapportJobTest.people(new Random(17), 40, 1_500);
    Run r = run(events);

    Set<String> purchases =
        events.stream()
            .filter(e -> e.kind() == Kind.PURCHASE)
            .map(Interaction::eventId)
            .collect(Collectors.toSet());
    List<String> bought =
        of(r, "bought").stream().map(t -> t.deliveryId.replaceAll(".*\\|event\\|", "")).toList();
    assertThat(bought)
        .as("each purchase fired once, merges moved none again")
        .containsExactlyInAnyOrderElementsOf(purchases);
    List<String> big =
        of(r, "big_buyer").stream().map(t -> t.deliveryId.replaceAll(".*\\|event\\|", "")).toList();
    assertThat(big).isNotEmpty().hasSizeLessThan(bought.size()).doesNotHaveDuplicates();
    assertThat(purchases).containsAll(big);

    // Each stage entered fires with its transition; every disengagement of the final customers did.
    Set<String> lost = new HashSet<>();
    for (Trigger t : of(r, "lost")) {
      assertThat(lost.add(t.deliveryId)).as("once: " + t).isTrue();
      assertThat(r.transitions())
          .as("a transition went out with " + t)
          .anyMatch(
              x ->
                  x.customerId.equals(t.customerId)
                      && x.to.equals("disengaged")
                      && x.atSecond == t.atSecond);
    }
    Map<String, Snapshot> table = new LinkedHashMap<>();
    for (Snapshot s : r.snapshots()) {
      if (s.removed()) {
        table.remove(s.customerId);
      } else {
        table.put(s.customerId, s);
      }
    }
    int disengaged = 0;
    for (Snapshot s : table.values()) {
      for (StageTransition t : s.lifecycle().transitions()) {
        if (t.to() == Stage.DISENGAGED) {
          disengaged++;
          assertThat(lost).contains("lost|" + s.customerId + "|stage|disengaged|" + t.atSecond());
        }
      }
    }
    assertThat(disengaged).as("disengagements to check").isPositive();
  }

  private static Interaction event(String id, String customer, long day, Kind kind) {
    return new Interaction(
        id,
        List.of(Identifier.of("customer_id", customer)),
        Instant.parse("2025-01-01T12:00:00Z").plus(Duration.ofDays(day)),
        Channel.WEB,
        kind,
        null,
        null,
        null,
        null,
        kind == Kind.PURCHASE ? 20 : 0,
        0,
        Double.NaN,
        null,
        Map.of());
  }

  /**
   * Silence is due 30 days after the last inbound interaction and fires when event time reaches it,
   * unless something inbound came first; touches sent are not inbound.
   */
  @Test
  void silenceRules_fireWhenEventTimeReachesTheDueMoment_unlessTheCustomerSpokeFirst()
      throws Exception {
    List<Interaction> events =
        List.of(
            event("a1", "A", 0, Kind.PURCHASE),
            event("a2", "A", 10, Kind.TOUCH), // outbound: does not break the silence
            event("a3", "A", 45, Kind.PURCHASE), // after the first silence was due
            event("b1", "B", 0, Kind.PURCHASE),
            event("b2", "B", 20, Kind.RESPONSE), // before it was due: no silence from day 0
            event("b3", "B", 70, Kind.SIGNUP)); // silence from day 20 was due on day 50
    Run r = run(events);
    long day0 = Instant.parse("2025-01-01T12:00:00Z").getEpochSecond();
    assertThat(of(r, "quiet").stream().map(t -> t.deliveryId + "@" + (t.atSecond - day0) / 86_400))
        .containsExactlyInAnyOrder(
            "quiet|A|silence|" + day0 + "@30",
            "quiet|A|silence|" + (day0 + 45 * 86_400) + "@75",
            "quiet|B|silence|" + (day0 + 20 * 86_400) + "@50",
            "quiet|B|silence|" + (day0 + 70 * 86_400) + "@100");
  }
}
