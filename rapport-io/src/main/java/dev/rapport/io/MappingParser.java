package dev.rapport.io;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.TicketStatus;
import dev.rapport.io.Mapping.Check;
import dev.rapport.io.Mapping.Choice;
import dev.rapport.io.Mapping.Column;
import dev.rapport.io.Mapping.CsvOptions;
import dev.rapport.io.Mapping.Field;
import dev.rapport.io.Mapping.Id;
import dev.rapport.io.Mapping.Returns;
import dev.rapport.io.Mapping.Rule;
import dev.rapport.io.Mapping.Timestamp;
import dev.rapport.io.Mapping.Value;
import dev.rapport.io.YamlTree.Entry;
import dev.rapport.io.YamlTree.ListNode;
import dev.rapport.io.YamlTree.MapNode;
import dev.rapport.io.YamlTree.Node;
import dev.rapport.io.YamlTree.Scalar;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Builds a {@link Mapping} from YAML, checking every key and value and naming the line. */
final class MappingParser {
  static final String CUSTOMERS = "customers";
  static final List<String> STANDARD_TYPES =
      List.of(
          Identifier.CUSTOMER_ID,
          Identifier.EMAIL,
          Identifier.PHONE,
          Identifier.DEVICE_ID,
          Identifier.SOCIAL_HANDLE);

  private static final List<String> EVENT_KEYS =
      List.of(
          "source",
          "format",
          "csv",
          "timestamp",
          "event_id",
          "identifiers",
          "channel",
          "kind",
          "outcome",
          "ticket_status",
          "campaign",
          "variant",
          "text",
          "holdout",
          "value",
          "cost",
          "score",
          "returns",
          "rules",
          "attributes");
  private static final List<String> CUSTOMER_KEYS =
      List.of("source", "format", "csv", "kind", "identifiers", "attributes", "rules");

  final String origin;
  String source;
  Format format;
  CsvOptions csv = CsvOptions.DEFAULT;
  boolean customers;
  Timestamp timestamp;
  Column eventId;
  final List<Id> identifiers = new ArrayList<>();
  Choice<Channel> channel;
  Choice<Kind> kind;
  Choice<Outcome> outcome;
  Choice<TicketStatus> ticketStatus;
  Field campaign;
  Field variant;
  Field text;
  Field holdout;
  Value value;
  Field cost;
  Field score;
  Returns returns;
  final List<Rule> rules = new ArrayList<>();
  final List<Column> attributes = new ArrayList<>();
  boolean allAttributes;

  MappingParser(String origin) {
    this.origin = origin;
  }

  Mapping parse(String yaml) {
    Node root = YamlTree.parse(yaml, origin);
    if (root == null) {
      throw new MappingException(
          origin, 0, "", "is empty; a mapping needs at least source:, identifiers: and timestamp:");
    }
    if (!(root instanceof MapNode)) {
      throw new MappingException(
          origin, root.line(), "", "must be a set of key: value pairs, got " + root.describe());
    }
    MapNode top = (MapNode) root;
    Entry kindEntry = top.entries().get("kind");
    customers =
        kindEntry != null
            && kindEntry.value() instanceof Scalar
            && CUSTOMERS.equals(((Scalar) kindEntry.value()).text());
    allowKeys(top, "", customers ? CUSTOMER_KEYS : EVENT_KEYS);

    source = text(required(top, "", "source"), "source");
    Entry e = top.entries().get("format");
    if (e != null) {
      String f = text(e, "format");
      format = Format.parse(f).orElse(null);
      if (format == null) {
        throw error(e.line(), "format", "'" + f + "' is not csv, jsonl or parquet");
      }
    }
    if ((e = top.entries().get("csv")) != null) {
      csv = csv(e);
    }
    identifiers(required(top, "", "identifiers"));
    if (customers) {
      parseAttributes(top.entries().get("attributes"));
      rules(top.entries().get("rules"));
      return new Mapping(this);
    }
    timestamp = timestamp(required(top, "", "timestamp"));
    if ((e = top.entries().get("event_id")) != null) {
      MapNode m = map(e, "event_id");
      allowKeys(m, "event_id", List.of("column"));
      eventId = column(m, "event_id");
    }
    channel = choice(required(top, "", "channel"), "channel", Channel::parse, Channel.values());
    kind =
        choice(
            kindEntry == null ? required(top, "", "kind") : kindEntry,
            "kind",
            Kind::parse,
            Kind.values());
    if ((e = top.entries().get("outcome")) != null) {
      outcome = choice(e, "outcome", Outcome::parse, Outcome.values());
      if (outcome.constant() != null && kind.constant() != null && kind.constant() != Kind.TOUCH) {
        throw error(
            e.line(),
            "outcome",
            "is only allowed on touches, but kind is always " + kind.constant().id());
      }
    }
    if ((e = top.entries().get("ticket_status")) != null) {
      ticketStatus = choice(e, "ticket_status", TicketStatus::parse, TicketStatus.values());
      if (kind.constant() != null && kind.constant() != Kind.TICKET) {
        throw error(
            e.line(),
            "ticket_status",
            "is only allowed on tickets, but kind is always " + kind.constant().id());
      }
    }
    campaign = field(top, "campaign", null);
    variant = field(top, "variant", null);
    text = field(top, "text", null);
    holdout = field(top, "holdout", "boolean");
    cost = field(top, "cost", "number");
    score = field(top, "score", "number");
    if ((e = top.entries().get("value")) != null) {
      value = value(e);
    }
    if ((e = top.entries().get("returns")) != null) {
      returns = returns(e);
    }
    rules(top.entries().get("rules"));
    parseAttributes(top.entries().get("attributes"));
    return new Mapping(this);
  }

  // ---- sections

  private CsvOptions csv(Entry e) {
    MapNode m = map(e, "csv");
    allowKeys(m, "csv", List.of("delimiter", "quote", "header", "columns"));
    char delimiter = ',';
    boolean whitespace = false;
    boolean given = false;
    Entry d = m.entries().get("delimiter");
    if (d != null) {
      String s = text(d, "csv.delimiter");
      given = true;
      if (s.equals("whitespace")) {
        whitespace = true;
      } else if (s.equals("tab") || s.equals("\\t") || s.equals("\t")) {
        delimiter = '\t';
      } else if (s.length() == 1 && s.charAt(0) != '\n' && s.charAt(0) != '\r') {
        delimiter = s.charAt(0);
      } else {
        throw error(
            d.line(),
            "csv.delimiter",
            "'" + s + "' is not a single character, \"\\t\", \"tab\" or \"whitespace\"");
      }
    }
    char quote = '"';
    Entry q = m.entries().get("quote");
    if (q != null) {
      String s = text(q, "csv.quote");
      if (s.length() != 1 || s.charAt(0) == '\n' || s.charAt(0) == '\r') {
        throw error(q.line(), "csv.quote", "'" + s + "' is not a single character");
      }
      quote = s.charAt(0);
      if (!whitespace && quote == delimiter) {
        throw error(q.line(), "csv.quote", "'" + s + "' is the same as the delimiter");
      }
    }
    boolean header = true;
    Entry h = m.entries().get("header");
    if (h != null) {
      header = bool(h, "csv.header");
    }
    List<String> columns = List.of();
    Entry c = m.entries().get("columns");
    if (c != null) {
      if (header) {
        throw error(
            c.line(), "csv.columns", "is only used with header: false (the header names columns)");
      }
      columns = names(c, "csv.columns");
      if (columns.isEmpty()) {
        throw error(c.line(), "csv.columns", "is empty");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String name : columns) {
        if (!seen.add(name)) {
          throw error(c.line(), "csv.columns", "names '" + name + "' twice");
        }
      }
    } else if (!header) {
      throw error(
          h.line(), "csv.header", "is false, so csv.columns: [..] must give the column names");
    }
    return new CsvOptions(delimiter, whitespace, given, quote, header, columns);
  }

  private Timestamp timestamp(Entry e) {
    MapNode m = map(e, "timestamp");
    allowKeys(m, "timestamp", List.of("column", "format", "zone"));
    Column column = column(m, "timestamp");
    ZoneId zone = ZoneId.of("UTC");
    Entry z = m.entries().get("zone");
    if (z != null) {
      String s = text(z, "timestamp.zone");
      try {
        zone = ZoneId.of(s);
      } catch (DateTimeException ex) {
        throw error(
            z.line(),
            "timestamp.zone",
            "'"
                + s
                + "' is not a time zone (use a region such as Europe/Paris, or UTC, or +02:00)");
      }
    }
    String format = TimestampParser.ISO;
    Entry f = m.entries().get("format");
    if (f != null) {
      format = text(f, "timestamp.format");
      try {
        TimestampParser.of(format, zone);
      } catch (IllegalArgumentException ex) {
        throw error(f.line(), "timestamp.format", "'" + format + "' " + ex.getMessage());
      }
    }
    return new Timestamp(column, format, zone);
  }

  private void identifiers(Entry e) {
    ListNode list = list(e, "identifiers");
    if (list.items().isEmpty()) {
      throw error(e.line(), "identifiers", "is empty; give at least one {type:, column:}");
    }
    for (int i = 0; i < list.items().size(); i++) {
      String path = "identifiers[" + i + "]";
      Node n = list.items().get(i);
      MapNode m = map(n, n.line(), path);
      allowKeys(m, path, List.of("type", "column", "required"));
      Entry t = required(m, path, "type");
      String type = text(t, path + ".type");
      checkIdentifierType(type, t.line(), path + ".type");
      Entry r = m.entries().get("required");
      boolean req = r != null && bool(r, path + ".required");
      identifiers.add(new Id(type, column(m, path), req));
    }
  }

  private void checkIdentifierType(String type, int line, String path) {
    try {
      new Identifier(type, "0"); // "0" survives every normalisation
    } catch (IllegalArgumentException ex) {
      throw error(
          line,
          path,
          "'"
              + type
              + "' is not a valid identifier type: lower-case letters, digits and _, starting"
              + " with a letter"
              + Suggestions.didYouMean(type, STANDARD_TYPES));
    }
    if (STANDARD_TYPES.contains(type)) {
      return;
    }
    // Custom types are allowed, but a near miss of a standard one is almost always a typo that
    // would silently stop identities from linking.
    String near = Suggestions.closest(type, STANDARD_TYPES);
    if (near != null && !type.startsWith(near) && !type.endsWith(near)) {
      throw error(
          line,
          path,
          "'"
              + type
              + "' is not a known identifier type (did you mean '"
              + near
              + "'?); known types: "
              + String.join(", ", STANDARD_TYPES));
    }
  }

  private <E extends Enum<E>> Choice<E> choice(
      Entry e, String path, Function<String, E> parser, E[] all) {
    if (e.value() instanceof Scalar) {
      String s = text(e, path);
      return new Choice<>(null, parseChoice(s, parser, all, e.line(), path), Map.of(), null, path);
    }
    MapNode m = map(e, path);
    allowKeys(m, path, List.of("column", "constant", "values", "default"));
    Entry c = m.entries().get("constant");
    Entry col = m.entries().get("column");
    if ((c == null) == (col == null)) {
      throw error(m.line(), path, "needs exactly one of column: or constant:");
    }
    if (c != null) {
      for (String k : List.of("values", "default")) {
        Entry x = m.entries().get(k);
        if (x != null) {
          throw error(x.line(), path + "." + k, "is only used with column:");
        }
      }
      return new Choice<>(
          null,
          parseChoice(text(c, path + ".constant"), parser, all, c.line(), path + ".constant"),
          Map.of(),
          null,
          path);
    }
    Map<String, E> values = new HashMap<>();
    Entry v = m.entries().get("values");
    if (v != null) {
      MapNode vm = map(v, path + ".values");
      for (Entry ve : vm.entries().values()) {
        String p = path + ".values." + ve.key();
        values.put(
            ve.key().strip().toLowerCase(Locale.ROOT),
            parseChoice(text(ve, p), parser, all, ve.line(), p));
      }
    }
    E fallback = null;
    Entry d = m.entries().get("default");
    if (d != null) {
      fallback = parseChoice(text(d, path + ".default"), parser, all, d.line(), path + ".default");
    }
    return new Choice<>(column(m, path), null, Map.copyOf(values), fallback, path);
  }

  private <E extends Enum<E>> E parseChoice(
      String s, Function<String, E> parser, E[] all, int line, String path) {
    try {
      return parser.apply(s);
    } catch (IllegalArgumentException ex) {
      List<String> ids = new ArrayList<>();
      for (E x : all) {
        ids.add(x.name().toLowerCase(Locale.ROOT));
      }
      String hint =
          path.equals("kind") && s.strip().equalsIgnoreCase(CUSTOMERS)
              ? "; a customer attribute file is declared with the plain line 'kind: customers'"
              : "";
      throw error(
          line,
          path,
          "'"
              + s
              + "' is not a known "
              + (path.indexOf('.') < 0 ? path : path.substring(0, path.indexOf('.')))
              + Suggestions.didYouMean(s, ids)
              + "; expected one of "
              + String.join(", ", ids)
              + hint);
    }
  }

  /** An optional {column:} or {constant:} field; {@code type} checks a constant on load. */
  private Field field(MapNode top, String key, String type) {
    Entry e = top.entries().get(key);
    if (e == null) {
      return null;
    }
    MapNode m = map(e, key);
    allowKeys(m, key, List.of("column", "constant"));
    Entry c = m.entries().get("constant");
    Entry col = m.entries().get("column");
    if ((c == null) == (col == null)) {
      throw error(m.line(), key, "needs exactly one of column: or constant:");
    }
    if (col != null) {
      return new Field(column(m, key), null);
    }
    String s = text(c, key + ".constant");
    if ("number".equals(type) && Double.isNaN(Numbers.parse(s))) {
      throw error(c.line(), key + ".constant", "'" + s + "' is not a number");
    }
    if ("boolean".equals(type) && Booleans.parse(s) == null) {
      throw error(c.line(), key + ".constant", "'" + s + "' is not true/false/1/0/yes/no");
    }
    return new Field(null, s);
  }

  private Value value(Entry e) {
    MapNode m = map(e, "value");
    allowKeys(m, "value", List.of("column", "constant", "multiply"));
    if (m.entries().size() != 1) {
      throw error(m.line(), "value", "needs exactly one of column:, constant: or multiply:");
    }
    Entry c = m.entries().get("constant");
    if (c != null) {
      String s = text(c, "value.constant");
      double d = Numbers.parse(s);
      if (Double.isNaN(d)) {
        throw error(c.line(), "value.constant", "'" + s + "' is not a number");
      }
      return new Value(null, d, List.of());
    }
    Entry mul = m.entries().get("multiply");
    if (mul != null) {
      List<String> names = names(mul, "value.multiply");
      if (names.size() < 2) {
        throw error(
            mul.line(), "value.multiply", "needs at least two columns, e.g. [Quantity, UnitPrice]");
      }
      List<Column> cols = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        cols.add(new Column(names.get(i), "value.multiply[" + i + "]", mul.line()));
      }
      return new Value(null, null, List.copyOf(cols));
    }
    return new Value(column(m, "value"), null, List.of());
  }

  private Returns returns(Entry e) {
    MapNode m = map(e, "returns");
    allowKeys(m, "returns", List.of("negative_value", "prefix"));
    Entry nv = m.entries().get("negative_value");
    boolean negative = nv != null && bool(nv, "returns.negative_value");
    Column prefixColumn = null;
    String prefix = null;
    Entry p = m.entries().get("prefix");
    if (p != null) {
      MapNode pm = map(p, "returns.prefix");
      allowKeys(pm, "returns.prefix", List.of("column", "value"));
      prefixColumn = column(pm, "returns.prefix");
      Entry v = required(pm, "returns.prefix", "value");
      prefix = text(v, "returns.prefix.value");
      if (prefix.isEmpty()) {
        throw error(v.line(), "returns.prefix.value", "is empty; every value would match");
      }
    }
    if (!negative && prefix == null) {
      throw error(m.line(), "returns", "needs negative_value: true or prefix: {column:, value:}");
    }
    return new Returns(negative, prefixColumn, prefix);
  }

  private void rules(Entry e) {
    if (e == null) {
      return;
    }
    ListNode list = list(e, "rules");
    for (int i = 0; i < list.items().size(); i++) {
      String path = "rules[" + i + "]";
      Node n = list.items().get(i);
      MapNode m = map(n, n.line(), path);
      allowKeys(m, path, List.of("column", "check", "one_of", "max_length"));
      Column column = column(m, path);
      Entry check = m.entries().get("check");
      Entry oneOf = m.entries().get("one_of");
      Entry maxLength = m.entries().get("max_length");
      int given = (check == null ? 0 : 1) + (oneOf == null ? 0 : 1) + (maxLength == null ? 0 : 1);
      if (given != 1) {
        throw error(
            m.line(),
            path,
            "needs exactly one of check: (positive, non_negative, not_empty, integer),"
                + " one_of: [..] or max_length: N");
      }
      if (oneOf != null) {
        List<String> allowed = names(oneOf, path + ".one_of");
        if (allowed.isEmpty()) {
          throw error(oneOf.line(), path + ".one_of", "is empty; no value could pass");
        }
        rules.add(new Rule(column, Check.ONE_OF, Set.copyOf(new LinkedHashSet<>(allowed)), 0));
      } else if (maxLength != null) {
        String s = text(maxLength, path + ".max_length");
        int max;
        try {
          max = Integer.parseInt(s.strip());
        } catch (NumberFormatException ex) {
          max = -1;
        }
        if (max < 1) {
          throw error(
              maxLength.line(), path + ".max_length", "'" + s + "' is not a positive whole number");
        }
        rules.add(new Rule(column, Check.MAX_LENGTH, Set.of(), max));
      } else {
        String s = text(check, path + ".check");
        List<String> simple = List.of("positive", "non_negative", "not_empty", "integer");
        if (!simple.contains(s)) {
          throw error(
              check.line(),
              path + ".check",
              "'"
                  + s
                  + "' is not a known check"
                  + Suggestions.didYouMean(s, simple)
                  + "; expected one of "
                  + String.join(", ", simple)
                  + " (or the keys one_of: / max_length:)");
        }
        rules.add(new Rule(column, Check.valueOf(s.toUpperCase(Locale.ROOT)), Set.of(), 0));
      }
    }
  }

  private void parseAttributes(Entry e) {
    if (e == null) {
      return;
    }
    if (e.value() instanceof Scalar && "*".equals(((Scalar) e.value()).text())) {
      allAttributes = true;
      return;
    }
    List<String> names = names(e, "attributes");
    for (int i = 0; i < names.size(); i++) {
      attributes.add(new Column(names.get(i), "attributes[" + i + "]", e.line()));
    }
  }

  // ---- helpers

  private MappingException error(int line, String key, String problem) {
    return new MappingException(origin, line, key, problem);
  }

  private void allowKeys(MapNode m, String path, List<String> allowed) {
    for (Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        String key = path.isEmpty() ? e.key() : path + "." + e.key();
        String problem;
        if (customers && path.isEmpty() && EVENT_KEYS.contains(e.key())) {
          problem =
              "is not used in a kind: customers mapping; keys here: " + String.join(", ", allowed);
        } else {
          problem =
              "is not a known key"
                  + Suggestions.didYouMean(e.key(), allowed)
                  + "; keys here: "
                  + String.join(", ", allowed);
        }
        throw error(e.line(), key, problem);
      }
    }
  }

  private Entry required(MapNode m, String path, String key) {
    Entry e = m.entries().get(key);
    if (e == null) {
      throw error(m.line(), path.isEmpty() ? key : path + "." + key, "is required");
    }
    return e;
  }

  private Column column(MapNode m, String path) {
    Entry e = required(m, path, "column");
    String name = text(e, path + ".column");
    if (name.isEmpty()) {
      throw error(e.line(), path + ".column", "is empty");
    }
    return new Column(name, path + ".column", e.line());
  }

  private MapNode map(Entry e, String path) {
    return map(e.value(), e.line(), path);
  }

  private MapNode map(Node n, int line, String path) {
    if (n instanceof MapNode) {
      return (MapNode) n;
    }
    throw error(line, path, "must be a mapping such as {column: X}, got " + n.describe());
  }

  private ListNode list(Entry e, String path) {
    if (e.value() instanceof ListNode) {
      return (ListNode) e.value();
    }
    throw error(e.line(), path, "must be a list, got " + e.value().describe());
  }

  private String text(Entry e, String path) {
    Node n = e.value();
    if (n instanceof Scalar && ((Scalar) n).text() != null) {
      return ((Scalar) n).text();
    }
    throw error(e.line(), path, "must be a single value, got " + n.describe());
  }

  private List<String> names(Entry e, String path) {
    ListNode list = list(e, path);
    List<String> names = new ArrayList<>();
    for (Node n : list.items()) {
      if (!(n instanceof Scalar) || ((Scalar) n).text() == null) {
        throw error(n.line(), path, "must be a list of names, but holds " + n.describe());
      }
      names.add(((Scalar) n).text());
    }
    return names;
  }

  private boolean bool(Entry e, String path) {
    String s = text(e, path);
    Boolean b = Booleans.parse(s);
    if (b == null) {
      throw error(e.line(), path, "'" + s + "' is not true or false");
    }
    return b;
  }
}
