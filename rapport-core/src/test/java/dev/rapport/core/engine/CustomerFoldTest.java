package dev.rapport.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Events;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link CustomerFold.Result#nextChange}: when time alone changes a customer's fold. */
class CustomerFoldTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final long DAY = 86_400L;

  private final CustomerFold fold = new CustomerFold(RapportConfig.defaults());

  /** Random history of one customer: touches answered, ignored and pending, and their actions. */
  private static List<Interaction> history(Random rnd) {
    Kind[] kinds = {Kind.TOUCH, Kind.TOUCH, Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE, Kind.SURVEY};
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB};
    List<Interaction> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(25);
    for (int i = 0; i < n; i++) {
      Kind kind = kinds[rnd.nextInt(kinds.length)];
      Outcome outcome = kind == Kind.TOUCH && rnd.nextInt(4) == 0 ? Outcome.ENGAGED : null;
      out.add(
          new Interaction(
              "e" + i,
              List.of(Identifier.of("email", "ann@x.org")),
              T0.plusSeconds(rnd.nextInt(200) * DAY + rnd.nextInt((int) DAY)),
              channels[rnd.nextInt(channels.length)],
              kind,
              outcome,
              null,
              null,
              null,
              kind == Kind.PURCHASE ? 20 : 0,
              0,
              kind == Kind.SURVEY ? rnd.nextInt(11) : Double.NaN,
              null,
              Map.of()));
    }
    out.sort(LiveEngine.FOLD_ORDER);
    return out;
  }

  private CustomerFold.Result foldAt(List<Interaction> events, long endSecond) {
    List<Interaction> before =
        events.stream().filter(e -> e.ts().getEpochSecond() < endSecond).toList();
    int n = before.size();
    long[] packed = new long[n];
    double[] values = new double[n];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      packed[i] = CustomerFold.pack(before.get(i));
      values[i] = before.get(i).value();
      scores[i] = (float) before.get(i).score();
    }
    return fold.fold(
        0, "ann", packed, values, scores, null, 0, n, Instant.ofEpochSecond(endSecond));
  }

  /**
   * What time changes: every lifecycle transition, with its time (which must not move with the end
   * of observation), and every touch's decision.
   */
  private static String timeDependent(CustomerFold.Result r) {
    StringBuilder b = new StringBuilder();
    for (StageTransition t : r.lifecycle().transitions()) {
      b.append(t).append('\n');
    }
    for (ChannelStats c : r.profile().channels()) {
      b.append(c.channel()).append(':').append(c.unengaged()).append('/').append(c.pending());
      b.append(' ');
    }
    return b.toString();
  }

  @Property(tries = 300)
  void nothingChangesBeforeNextChange_andSomethingDoesAtIt(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<Interaction> events = history(rnd);
    long last = events.get(events.size() - 1).ts().getEpochSecond();
    long end = last + 1 + rnd.nextInt((int) (60 * DAY));
    CustomerFold.Result r = foldAt(events, end);
    assertThat(r.nextChange()).isGreaterThan(end);
    if (r.nextChange() == Long.MAX_VALUE) {
      assertThat(timeDependent(foldAt(events, end + 3_650 * DAY))).isEqualTo(timeDependent(r));
      return;
    }
    assertThat(timeDependent(foldAt(events, r.nextChange() - 1))).isEqualTo(timeDependent(r));
    assertThat(timeDependent(foldAt(events, r.nextChange()))).isNotEqualTo(timeDependent(r));
  }

  @Test
  void aPendingTouch_isDueOneSecondAfterItsWindowCloses() {
    Interaction touch = Events.touch("ann", T0, Channel.EMAIL);
    long window = RapportConfig.defaults().channel(Channel.EMAIL).responseWindow().toSeconds();
    CustomerFold.Result r = foldAt(List.of(touch), T0.getEpochSecond() + 1);
    assertThat(r.nextChange()).isEqualTo(T0.getEpochSecond() + window + 1);
  }
}
