package dev.rapport.flink;

import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.engine.LiveEngine;
import java.util.Comparator;

/**
 * An event as the fold reads it, and all the job sends and keeps of it once the resolver has routed
 * it (the resolver makes it from the event it linked): the packed long of {@link CustomerFold#pack}
 * (detail, second, channel, kind, outcome), the nanoseconds for the fold order, the value, the
 * score and the event id. About 40 bytes in state, against some 150 for the whole event with its
 * identifiers; every event is held twice (the anchor's log and the customer), so this is most of
 * the job's state.
 */
public class FoldEvent {
  public long packed;
  public int nano;
  public double value;
  public float score;
  public String eventId;

  public FoldEvent() {}

  static FoldEvent of(Interaction e) {
    FoldEvent f = new FoldEvent();
    f.packed = CustomerFold.pack(e);
    f.nano = e.ts().getNano();
    f.value = e.value();
    f.score = (float) e.score();
    f.eventId = e.eventId();
    return f;
  }

  long epochSecond() {
    return CustomerFold.seconds(packed);
  }

  private long micros() {
    return epochSecond() * 1_000_000L + nano / 1_000;
  }

  private boolean touch() {
    return CustomerFold.kind(packed) == Kind.TOUCH;
  }

  /** The batch and live engines' fold order ({@link LiveEngine#FOLD_ORDER}). */
  static final Comparator<FoldEvent> ORDER =
      (a, b) ->
          LiveEngine.compareFoldOrder(
              a.micros(), a.touch(), a.eventId, b.micros(), b.touch(), b.eventId);
}
