package dev.rapport.flink;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Interaction} in the form Flink's POJO serializer takes without Kryo: public fields of
 * strings, primitives and arrays. {@code Interaction} holds a list and a map, which Flink would
 * serialize generically (Kryo), whose state is not compatible across Flink versions.
 */
public class FlinkEvent {
  public String eventId;
  public String[] idTypes;
  public String[] idValues;
  public long epochSecond;
  public int nano;
  public int channel;
  public int kind;

  /** Ordinal, or -1 for none. */
  public int outcome;

  public String campaign;
  public String variant;

  /** 1 true, 0 false, -1 unknown. */
  public int holdout;

  public double value;
  public double cost;
  public double score;
  public String text;
  public String[] attributeNames;
  public String[] attributeValues;

  public FlinkEvent() {}

  public static FlinkEvent of(Interaction e) {
    FlinkEvent f = new FlinkEvent();
    f.eventId = e.eventId();
    int n = e.identifiers().size();
    f.idTypes = new String[n];
    f.idValues = new String[n];
    for (int i = 0; i < n; i++) {
      f.idTypes[i] = e.identifiers().get(i).type();
      f.idValues[i] = e.identifiers().get(i).value();
    }
    f.epochSecond = e.ts().getEpochSecond();
    f.nano = e.ts().getNano();
    f.channel = e.channel().ordinal();
    f.kind = e.kind().ordinal();
    f.outcome = e.outcome() == null ? -1 : e.outcome().ordinal();
    f.campaign = e.campaign();
    f.variant = e.variant();
    f.holdout = e.holdout() == null ? -1 : e.holdout() ? 1 : 0;
    f.value = e.value();
    f.cost = e.cost();
    f.score = e.score();
    f.text = e.text();
    f.attributeNames = e.attributes().keySet().toArray(new String[0]);
    f.attributeValues = new String[f.attributeNames.length];
    for (int i = 0; i < f.attributeNames.length; i++) {
      f.attributeValues[i] = e.attributes().get(f.attributeNames[i]);
    }
    return f;
  }

  public Interaction toInteraction() {
    List<Identifier> ids = new ArrayList<>(idTypes.length);
    for (int i = 0; i < idTypes.length; i++) {
      ids.add(Identifier.of(idTypes[i], idValues[i]));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < attributeNames.length; i++) {
      attributes.put(attributeNames[i], attributeValues[i]);
    }
    return new Interaction(
        eventId,
        ids,
        Instant.ofEpochSecond(epochSecond, nano),
        Channel.ofOrdinal(channel),
        Kind.ofOrdinal(kind),
        outcome < 0 ? null : Outcome.ofOrdinal(outcome),
        campaign,
        variant,
        holdout < 0 ? null : holdout == 1,
        value,
        cost,
        score,
        text,
        attributes);
  }

  /** The event time Flink orders by: epoch milliseconds. */
  public long millis() {
    return epochSecond * 1000 + nano / 1_000_000;
  }
}
