package dev.rapport.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The JSON the job writes to Kafka: transitions and triggers keyed by customer id, rejects by
 * source.
 */
final class JsonRecords {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonRecords() {}

  /**
   * A transition: {@code customer_id, seq, from, to, at, cause, event_id, reactivation,
   * seen_as_of}.
   */
  static byte[] transition(Transition t) {
    return write(
        g -> {
          g.writeStringField("customer_id", t.customerId);
          g.writeNumberField("seq", t.seq);
          g.writeStringField("from", t.from);
          g.writeStringField("to", t.to);
          g.writeStringField("at", Instant.ofEpochSecond(t.atSecond).toString());
          g.writeStringField("cause", t.cause);
          g.writeStringField("event_id", t.eventId);
          g.writeBooleanField("reactivation", t.reactivation);
          g.writeStringField("seen_as_of", Instant.ofEpochSecond(t.seenAsOfSecond).toString());
        });
  }

  /** A trigger: {@code delivery_id, rule, customer_id, on, cause, at}. */
  static byte[] trigger(Trigger t) {
    return write(
        g -> {
          g.writeStringField("delivery_id", t.deliveryId);
          g.writeStringField("rule", t.rule);
          g.writeStringField("customer_id", t.customerId);
          g.writeStringField("on", t.on);
          g.writeStringField("cause", t.cause);
          g.writeStringField("at", Instant.ofEpochSecond(t.atSecond).toString());
        });
  }

  /** A reject: {@code source, errors, raw}. */
  static byte[] reject(Reject r) {
    return write(
        g -> {
          g.writeStringField("source", r.source);
          g.writeStringField("errors", r.errors);
          g.writeStringField("raw", r.raw);
        });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by a byte array
    }
    return out.toByteArray();
  }

  /** Transitions to {@code topic}, keyed by customer id so each customer's stay in order. */
  static KafkaRecordSerializationSchema<Transition> transitions(String topic) {
    return records(topic, t -> t.customerId, t -> t.atSecond * 1_000, JsonRecords::transition);
  }

  /** Triggers to {@code topic}, keyed by customer id. */
  static KafkaRecordSerializationSchema<Trigger> triggers(String topic) {
    return records(topic, t -> t.customerId, t -> t.atSecond * 1_000, JsonRecords::trigger);
  }

  /** Rejects to {@code topic}, keyed by where they came from, at the time they were rejected. */
  static KafkaRecordSerializationSchema<Reject> rejects(String topic) {
    return records(topic, r -> r.source, r -> null, JsonRecords::reject);
  }

  /** A part of a record, from its element: serializable, as the sink that holds it must be. */
  private interface Part<T, V> extends Function<T, V>, Serializable {}

  private static <T> KafkaRecordSerializationSchema<T> records(
      String topic, Part<T, String> key, Part<T, Long> millis, Part<T, byte[]> value) {
    return (t, context, timestamp) ->
        new ProducerRecord<>(
            topic,
            null,
            millis.apply(t),
            key.apply(t).getBytes(StandardCharsets.UTF_8),
            value.apply(t));
  }
}
