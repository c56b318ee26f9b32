package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.lifecycle.StageTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The job in stream mode on a local MiniCluster at parallelism 2: customers folded on event-time
 * timers as the watermark moves, merged as their identifiers link, touches decided unengaged when
 * their windows close and lifecycles moved by silence, with no as-of time given.
 */
class StreamModeTest {
  /** Slows the source so that the watermark advances many times while events still arrive. */
  static final class Throttle implements MapFunction<FlinkEvent, FlinkEvent> {
    private static final long serialVersionUID = 1L;
    private int n;

    @Override
    public FlinkEvent map(FlinkEvent e) throws Exception {
      if (++n % 5 == 0) {
        Thread.sleep(1);
      }
      return e;
    }
  }

  /**
   * Applying the snapshots in order gives a table of customers, each as of its last snapshot. Every
   * customer in it is the batch engine's at that time over the same events, field by field, and
   * every transition of their lifecycle went out once on the transitions output.
   */
  @Test
  void eachCustomersLastSnapshot_isTheBatchEnginesAtItsTime_andEachTransitionWentOutOnce()
      throws Exception {
    Random rnd = new Random(11);
    List<Interaction> events = RapportJobTest.people(rnd, 40, 1_500);
    List<FlinkEvent> arrival =
        RapportJobTest.upToAnHourLate(
            events.stream().map(FlinkEvent::of).toList(), FlinkEvent::millis, rnd);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
    env.getConfig().setAutoWatermarkInterval(1);
    DataStream<FlinkEvent> source =
        env.fromData(arrival, TypeInformation.of(FlinkEvent.class))
            .map(new Throttle())
            .returns(FlinkEvent.class)
            .setParallelism(1);
    SingleOutputStreamOperator<Snapshot> folded =
        RapportJob.stream(
            source, RapportConfig::defaults, Duration.ofHours(2), Duration.ofHours(1));
    List<Snapshot> snapshots = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    try (CloseableIterator<Snapshot> s = folded.collectAsync();
        CloseableIterator<Transition> t = RapportJob.transitions(folded).collectAsync()) {
      env.execute("rapport-stream");
      s.forEachRemaining(snapshots::add);
      t.forEachRemaining(transitions::add);
    }

    Map<String, Snapshot> table = new LinkedHashMap<>();
    int removals = 0;
    int byTime = 0;
    for (Snapshot s : snapshots) {
      if (s.removed()) {
        assertThat(table.remove(s.customerId)).as("removes a customer shown before").isNotNull();
        removals++;
      } else {
        table.put(s.customerId, s);
        if (s.asOfSecond % 3_600 != 0) {
          byTime++; // not after new events (those are on the hour): a window closed, or silence
        }
      }
    }
    assertThat(removals).as("customers merged away after a snapshot of theirs").isPositive();
    assertThat(byTime).as("snapshots on a window's or a silence rule's timer").isPositive();

    BatchAt batch = new BatchAt(events);
    int unengaged = 0;
    for (Snapshot s : table.values()) {
      assertThat(s.profile().asOf().getEpochSecond()).isEqualTo(s.asOfSecond);
      batch.assertSame(s.profile(), s.lifecycle());
      unengaged += s.profile().unengaged();
    }
    assertThat(table).hasSizeGreaterThan(10);
    assertThat(unengaged).as("touches decided unengaged by their window's timer").isPositive();

    // By content: a merge that rewrites a customer's history (an earlier stage left, say) sends
    // the rewritten transitions; nothing is sent twice.
    Set<String> sent = new HashSet<>();
    for (Transition t : transitions) {
      String key =
          t.customerId
              + " "
              + t.from
              + " "
              + t.to
              + " "
              + t.atSecond
              + " "
              + t.cause
              + " "
              + t.eventId;
      assertThat(sent.add(key))
          .as(
              "sent once: "
                  + key
                  + " in "
                  + transitions.stream().filter(x -> x.customerId.equals(t.customerId)).toList()
                  + " snapshots "
                  + snapshots.stream().filter(x -> x.customerId.equals(t.customerId)).toList())
          .isTrue();
    }
    for (Snapshot s : table.values()) {
      for (StageTransition t : s.lifecycle().transitions()) {
        String key =
            s.customerId
                + " "
                + (t.from() == null ? null : t.from().id())
                + " "
                + t.to().id()
                + " "
                + t.atSecond()
                + " "
                + t.cause()
                + " "
                + t.eventId();
        assertThat(sent).as("went out").contains(key);
      }
    }
  }
}
