package dev.rapport.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One canonical interaction as a JSON object (DESIGN §5), with every field checked on its own: a
 * bad field becomes an {@link ItemError} naming the field, the value and the rule, and the others
 * are still checked. The one definition of the item rules, read by {@code POST /v1/events} (which
 * frames a body into items) and by the Flink job's Kafka source (one record, one item):
 *
 * <pre>{@code
 * {"event_id": "e-1", "ts": "2026-01-31T09:15:00Z", "channel": "email", "kind": "touch",
 *  "outcome": "engaged", "identifiers": {"email": "ann@example.com", "customer_id": "42"},
 *  "campaign": "spring", "variant": "a", "holdout": false, "value": 0, "cost": 0.01,
 *  "score": 9, "text": "…", "attributes": {"sku": "A-1"}}
 * }</pre>
 *
 * Required: {@code event_id}, {@code ts} (ISO-8601 with an offset), {@code channel}, {@code kind}
 * and at least one identifier. Unknown fields are errors, so that a misspelt field is not silently
 * dropped.
 */
public final class InteractionJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  public static final List<String> FIELDS =
      List.of(
          "event_id",
          "ts",
          "channel",
          "kind",
          "outcome",
          "identifiers",
          "campaign",
          "variant",
          "holdout",
          "value",
          "cost",
          "score",
          "text",
          "attributes");

  private InteractionJson() {}

  /**
   * One item read from a whole text that must hold one JSON object.
   *
   * @param event the interaction; null when there are errors
   * @param errors why it was not accepted, each naming the field, the value and the rule
   */
  public record Item(Interaction event, List<ItemError> errors) {}

  /**
   * Reads {@code json}, which must hold one JSON object and nothing else.
   *
   * @param index the item's position, for the errors (a Kafka record's offset, say)
   */
  public static Item parse(byte[] json, int index) {
    List<ItemError> errors = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        errors.add(
            ItemError.of(
                index,
                1,
                "",
                new String(json, StandardCharsets.UTF_8),
                "an item must be a JSON object"));
        return new Item(null, errors);
      }
      Interaction e = item(p, index, 1, errors);
      if (p.nextToken() != null) {
        errors.add(ItemError.of(index, 1, "", "", "a record must hold one JSON object only"));
        e = null;
      }
      return new Item(errors.isEmpty() ? e : null, errors);
    } catch (IOException ex) {
      errors.clear();
      errors.add(
          ItemError.of(
              index,
              1,
              "",
              new String(json, StandardCharsets.UTF_8),
              "malformed JSON: " + ex.getMessage().lines().findFirst().orElse("")));
      return new Item(null, errors);
    }
  }

  /** {@link #write(JsonGenerator, Interaction)} as bytes: a Kafka record's value, say. */
  public static byte[] write(Interaction e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // not thrown by a byte array
    }
    return out.toByteArray();
  }

  /**
   * Writes the canonical JSON object of an interaction, which {@link #parse} reads back equal: the
   * form {@code POST /v1/events} takes and the customer 360 shows. Fields left at their defaults
   * (no outcome, no campaign, zero value and cost, no score, no attributes) are left out; several
   * identifiers of one type become a list; attributes are in name order.
   */
  public static void write(JsonGenerator g, Interaction e) throws IOException {
    g.writeStartObject();
    g.writeStringField("event_id", e.eventId());
    g.writeStringField("ts", e.ts().toString());
    g.writeStringField("channel", e.channel().id());
    g.writeStringField("kind", e.kind().id());
    if (e.outcome() != null) {
      g.writeStringField("outcome", e.outcome().id());
    }
    g.writeObjectFieldStart("identifiers");
    List<Identifier> ids = e.identifiers();
    if (distinctTypes(ids)) {
      for (Identifier id : ids) {
        g.writeStringField(id.type(), id.value());
      }
    } else {
      // A type seen more than once becomes a list of its values.
      Map<String, List<String>> byType = new LinkedHashMap<>();
      for (Identifier id : ids) {
        byType.computeIfAbsent(id.type(), t -> new ArrayList<>(2)).add(id.value());
      }
      for (Map.Entry<String, List<String>> id : byType.entrySet()) {
        if (id.getValue().size() == 1) {
          g.writeStringField(id.getKey(), id.getValue().get(0));
        } else {
          g.writeArrayFieldStart(id.getKey());
          for (String v : id.getValue()) {
            g.writeString(v);
          }
          g.writeEndArray();
        }
      }
    }
    g.writeEndObject();
    if (e.campaign() != null) {
      g.writeStringField("campaign", e.campaign());
    }
    if (e.variant() != null) {
      g.writeStringField("variant", e.variant());
    }
    if (e.holdout() != null) {
      g.writeBooleanField("holdout", e.holdout());
    }
    if (e.value() != 0) {
      g.writeNumberField("value", e.value());
    }
    if (e.cost() != 0) {
      g.writeNumberField("cost", e.cost());
    }
    if (e.hasScore()) {
      g.writeNumberField("score", e.score());
    }
    if (e.text() != null) {
      g.writeStringField("text", e.text());
    }
    if (!e.attributes().isEmpty()) {
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : new TreeMap<>(e.attributes()).entrySet()) {
        g.writeStringField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static boolean distinctTypes(List<Identifier> ids) {
    for (int i = 1; i < ids.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (ids.get(i).type().equals(ids.get(j).type())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Reads one object, the parser on its START_OBJECT; null when the item has errors. */
  public static Interaction item(JsonParser p, int index, long line, List<ItemError> errors)
      throws IOException {
    String eventId = null;
    Instant ts = null;
    Channel channel = null;
    Kind kind = null;
    Outcome outcome = null;
    List<Identifier> ids = new ArrayList<>();
    boolean sawIds = false;
    String campaign = null;
    String variant = null;
    Boolean holdout = null;
    double value = 0;
    double cost = 0;
    double score = Double.NaN;
    String text = null;
    Map<String, String> attributes = Map.of();
    Errors err = new Errors(index, line, errors);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "event_id" -> {
          eventId = requiredString(p, t, field, err);
          if (eventId != null && eventId.length() > 256) {
            err.add(field, eventId, "at most 256 characters");
            eventId = null;
          }
        }
        case "ts" -> ts = time(p, t, err);
        case "channel" ->
            channel = named(requiredString(p, t, field, err), Channel::parse, field, err);
        case "kind" -> kind = named(requiredString(p, t, field, err), Kind::parse, field, err);
        case "outcome" ->
            outcome = named(optionalString(p, t, field, err), Outcome::parse, field, err);
        case "identifiers" -> {
          sawIds = true;
          identifiers(p, t, ids, err);
        }
        case "campaign" -> campaign = optionalString(p, t, field, err);
        case "variant" -> variant = optionalString(p, t, field, err);
        case "holdout" -> {
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            holdout = t == JsonToken.VALUE_TRUE;
          } else if (t != JsonToken.VALUE_NULL) {
            err.add(field, text(p, t), "must be true, false or null");
          }
        }
        case "value" -> value = number(p, t, field, 0, err);
        case "cost" -> cost = number(p, t, field, 0, err);
        case "score" -> score = number(p, t, field, Double.NaN, err);
        case "text" -> text = optionalString(p, t, field, err);
        case "attributes" -> attributes = attributes(p, t, err);
        default -> {
          err.add(field, text(p, t), "unknown field; expected one of " + String.join(", ", FIELDS));
          p.skipChildren();
        }
      }
    }
    if (eventId == null && !err.has("event_id")) {
      err.add("event_id", "", "required");
    }
    if (ts == null && !err.has("ts")) {
      err.add("ts", "", "required");
    }
    if (channel == null && !err.has("channel")) {
      err.add("channel", "", "required");
    }
    if (kind == null && !err.has("kind")) {
      err.add("kind", "", "required");
    }
    if (!sawIds) {
      err.add("identifiers", "", "required: an object of identifier type to value");
    } else if (ids.isEmpty() && !err.has("identifiers")) {
      err.add("identifiers", "{}", "at least one identifier is required");
    }
    if (outcome != null && kind != null && kind != Kind.TOUCH) {
      err.add("outcome", outcome.id(), "an outcome is only allowed on kind touch");
    }
    if (err.count() > 0) {
      return null;
    }
    try {
      return new Interaction(
          eventId,
          ids,
          ts,
          channel,
          kind,
          outcome,
          campaign,
          variant,
          holdout,
          value,
          cost,
          score,
          text,
          attributes);
    } catch (IllegalArgumentException e) { // the model's own rules, e.g. no U+0000 in text
      err.add("event", "", e.getMessage());
      return null;
    }
  }

  /**
   * A name read by {@code parse} (an enum's); null, with the parser's message as the rule, if not.
   */
  private static <T> T named(
      String text, java.util.function.Function<String, T> parse, String field, Errors err) {
    if (text == null) {
      return null;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException ex) {
      err.add(field, text, ex.getMessage());
      return null;
    }
  }

  /** Errors of one item. */
  private static final class Errors {
    final int index;
    final long line;
    final List<ItemError> out;
    final int before;

    Errors(int index, long line, List<ItemError> out) {
      this.index = index;
      this.line = line;
      this.out = out;
      this.before = out.size();
    }

    void add(String field, String value, String rule) {
      out.add(ItemError.of(index, line, field, value, rule));
    }

    boolean has(String field) {
      for (int i = before; i < out.size(); i++) {
        if (out.get(i).field().equals(field) || out.get(i).field().startsWith(field + ".")) {
          return true;
        }
      }
      return false;
    }

    int count() {
      return out.size() - before;
    }
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      return t == JsonToken.START_OBJECT ? "{…}" : "[…]";
    }
    return p.getText();
  }

  private static String requiredString(JsonParser p, JsonToken t, String field, Errors err)
      throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (s.isBlank()) {
        err.add(field, s, "must not be blank");
        return null;
      }
      return s;
    }
    err.add(field, text(p, t), "must be a string");
    p.skipChildren();
    return null;
  }

  private static String optionalString(JsonParser p, JsonToken t, String field, Errors err)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.isEmpty() ? null : s;
    }
    err.add(field, text(p, t), "must be a string or null");
    p.skipChildren();
    return null;
  }

  private static double number(JsonParser p, JsonToken t, String field, double ifNull, Errors err)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return ifNull;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double v = p.getDoubleValue();
      if (Double.isFinite(v)) {
        return v;
      }
    }
    err.add(field, text(p, t), "must be a finite number");
    p.skipChildren();
    return ifNull;
  }

  private static Instant time(JsonParser p, JsonToken t, Errors err) throws IOException {
    String s = requiredString(p, t, "ts", err);
    if (s == null) {
      return null;
    }
    Instant ts = utc(s);
    try {
      if (ts == null) {
        ts = OffsetDateTime.parse(s).toInstant();
      }
    } catch (DateTimeParseException ex) {
      err.add("ts", s, "must be an ISO-8601 time with an offset, e.g. 2026-01-31T09:15:00Z");
      return null;
    }
    if (ts.isBefore(Interaction.EARLIEST) || ts.isAfter(Interaction.LATEST)) {
      err.add("ts", s, "must lie in the supported years 1970-2106");
      return null;
    }
    return ts;
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form nearly every sender uses, read without a
   * formatter (which cost more than the rest of an item); null for anything else, which the
   * formatter then reads or rejects.
   */
  static Instant utc(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return null;
      }
      int f = digits(s, 20, n - 1);
      if (f < 0) {
        return null;
      }
      nanos = f;
      for (int k = n - 21; k < 9; k++) {
        nanos *= 10;
      }
    } else if (n != 20) {
      return null;
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code s[from, to)}; -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void identifiers(JsonParser p, JsonToken t, List<Identifier> ids, Errors err)
      throws IOException {
    if (t != JsonToken.START_OBJECT) {
      err.add("identifiers", text(p, t), "must be an object of identifier type to value");
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String type = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          identifier(p, p.currentToken(), type, ids, err);
        }
      } else {
        identifier(p, v, type, ids, err);
      }
    }
  }

  private static void identifier(
      JsonParser p, JsonToken v, String type, List<Identifier> ids, Errors err) throws IOException {
    String field = "identifiers." + type;
    if (v == JsonToken.VALUE_NULL) {
      return; // an identifier the source does not have
    }
    if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
      err.add(field, text(p, v), "must be a string, a whole number, or a list of them");
      p.skipChildren();
      return;
    }
    String raw = p.getText();
    if (raw.indexOf('\u001f') >= 0) {
      err.add(field, raw, "must not hold the unit separator U+001F");
      return;
    }
    try {
      ids.add(Identifier.of(type, raw));
    } catch (IllegalArgumentException ex) {
      err.add(field, raw, ex.getMessage());
    }
  }

  private static Map<String, String> attributes(JsonParser p, JsonToken t, Errors err)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      err.add("attributes", text(p, t), "must be an object of name to value");
      p.skipChildren();
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v.isScalarValue()) {
        if (v != JsonToken.VALUE_NULL) {
          out.put(name, p.getText());
        }
      } else {
        err.add("attributes." + name, text(p, v), "must be a string, number or boolean");
        p.skipChildren();
      }
    }
    return out;
  }
}
