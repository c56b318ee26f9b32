package dev.rapport.io;

import dev.rapport.core.Channel;
import dev.rapport.core.EventIds;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.TicketStatus;
import dev.rapport.io.Mapping.Choice;
import dev.rapport.io.Mapping.Column;
import dev.rapport.io.Mapping.Field;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps the rows of one file to {@link Interaction}s with an events mapping, or says why a row
 * cannot be one. Every check a row can fail is a {@link Rejection} naming the line, field, value
 * and rule: a record with the wrong number of fields, invalid UTF-8, a broken {@code rules:} entry,
 * an empty event id, a timestamp that does not fit the format, a missing identifier, an unknown
 * channel, kind or outcome, an outcome on something other than a touch, a value that is not a
 * strict decimal. Nothing is coerced silently.
 *
 * <p>Bound to one header: column names are resolved to positions when the mapper is made. Not
 * thread-safe (it caches parsed timestamps and channel names); make one per file and thread.
 */
public final class RowMapper {
  private final Mapping mapping;
  private final RowBinding binding;
  private final String source;
  private final int eventIdIndex;
  private final String eventIdColumn;
  private final int timestampIndex;
  private final String timestampColumn;
  private final TimestampParser timestamps;
  private final EnumColumn<Channel> channel;
  private final EnumColumn<Kind> kind;
  private final EnumColumn<Outcome> outcome;
  private final EnumColumn<TicketStatus> ticketStatus;
  private final TextColumn campaign;
  private final TextColumn variant;
  private final TextColumn text;
  private final TextColumn holdout;
  private final TextColumn cost;
  private final TextColumn score;
  private final int valueIndex;
  private final String valueColumn;
  private final double valueConstant;
  private final int[] multiplyIndex;
  private final String[] multiplyColumns;
  private final boolean negativeIsReturn;
  private final int prefixIndex;
  private final String prefix;

  private RowMapper(Mapping m, Path file, List<String> columns) {
    if (m.isCustomers()) {
      throw new IllegalArgumentException(
          "mapping " + m.origin() + " is a kind: customers mapping; use CustomerRowMapper");
    }
    this.mapping = m;
    this.binding = new RowBinding(m, file, columns);
    this.source = m.source;
    this.eventIdIndex = binding.indexOf(m.eventId);
    this.eventIdColumn = m.eventId == null ? null : m.eventId.name();
    this.timestampIndex = binding.indexOf(m.timestamp.column());
    this.timestampColumn = m.timestamp.column().name();
    this.timestamps = TimestampParser.of(m.timestamp.format(), m.timestamp.zone());
    this.channel = new EnumColumn<>(m.channel, binding, Channel::parse, Channel.values(), true);
    this.kind = new EnumColumn<>(m.kind, binding, Kind::parse, Kind.values(), true);
    this.outcome =
        m.outcome == null
            ? null
            : new EnumColumn<>(m.outcome, binding, Outcome::parse, Outcome.values(), false);
    this.ticketStatus =
        m.ticketStatus == null
            ? null
            : new EnumColumn<>(
                m.ticketStatus, binding, TicketStatus::parse, TicketStatus.values(), false);
    this.campaign = TextColumn.of(m.campaign, binding);
    this.variant = TextColumn.of(m.variant, binding);
    this.text = TextColumn.of(m.text, binding);
    this.holdout = TextColumn.of(m.holdout, binding);
    this.cost = TextColumn.of(m.cost, binding);
    this.score = TextColumn.of(m.score, binding);
    Mapping.Value v = m.value;
    this.valueIndex = v == null ? -1 : binding.indexOf(v.column());
    this.valueColumn = v == null || v.column() == null ? null : v.column().name();
    this.valueConstant = v == null || v.constant() == null ? 0.0 : v.constant();
    List<Column> factors = v == null ? List.of() : v.multiply();
    this.multiplyIndex = new int[factors.size()];
    this.multiplyColumns = new String[factors.size()];
    for (int i = 0; i < factors.size(); i++) {
      multiplyIndex[i] = binding.indexOf(factors.get(i));
      multiplyColumns[i] = factors.get(i).name();
    }
    this.negativeIsReturn = m.returns != null && m.returns.negativeValue();
    this.prefixIndex = m.returns == null ? -1 : binding.indexOf(m.returns.prefixColumn());
    this.prefix = m.returns == null ? null : m.returns.prefix();
  }

  /**
   * Binds an events mapping to a file's header.
   *
   * @param file the input file, named in rejections by its file name
   * @param columns the header, as given by {@link RowReader#columns()}
   * @throws ImportException when the header lacks a column the mapping names, naming the columns
   *     found and, for a one-column header that holds another delimiter, the likely delimiter
   * @throws IllegalArgumentException for a {@code kind: customers} mapping
   */
  public static RowMapper of(Mapping mapping, Path file, List<String> columns) {
    return new RowMapper(mapping, file, columns);
  }

  /**
   * A mapper that drops identifier values the predicate calls junk (the workspace blocklist), and
   * rejects a row left with none.
   */
  public static RowMapper of(
      Mapping mapping,
      Path file,
      List<String> columns,
      java.util.function.Predicate<String> blockedIdentifier) {
    RowMapper m = new RowMapper(mapping, file, columns);
    m.binding.blockIdentifiers(blockedIdentifier);
    return m;
  }

  /** The mapping this mapper applies. */
  public Mapping mapping() {
    return mapping;
  }

  /** The header the mapper is bound to. */
  public List<String> columns() {
    return binding.columns;
  }

  /** Identical rows seen so far in this file (one mapper reads one file). */
  private final Occurrences occurrences = new Occurrences();

  /**
   * The interaction the row stands for, or the rejection that says why it cannot be one. Rows of
   * one file must be passed in file order: a derived event id numbers identical rows.
   */
  public Mapped<Interaction> map(RawRow row) {
    Mapped<Interaction> m = mapUnnumbered(row);
    return m.isAccepted() ? Mapped.accepted(number(row, m.value())) : m;
  }

  /**
   * {@link #map} without the numbering of identical rows, so rows can be mapped in any order and on
   * several threads (one mapper each); {@link #number} must then see the accepted rows in file
   * order.
   */
  public Mapped<Interaction> mapUnnumbered(RawRow row) {
    try {
      return Mapped.accepted(build(row.values()));
    } catch (RowRejected r) {
      return Mapped.rejected(r.at(binding.fileName, row.line()));
    }
  }

  /**
   * Gives the n-th identical row of the file (n > 0) its own derived event id; unchanged when the
   * mapping names an event id column. Call in file order, with the result of {@link #mapUnnumbered}
   * for the same row.
   */
  public Interaction number(RawRow row, Interaction e) {
    if (eventIdIndex >= 0) {
      return e;
    }
    int seenBefore = occurrences.next(Long.parseUnsignedLong(e.eventId(), 0, 16, 16));
    return seenBefore == 0
        ? e
        : e.withEventId(EventIds.derive(source + "#" + seenBefore, row.values()));
  }

  private Interaction build(String[] v) {
    binding.checkShape(v);
    binding.checkRules(v);

    String eventId;
    if (eventIdIndex >= 0) {
      eventId = v[eventIdIndex].strip();
      if (eventId.isEmpty()) {
        throw new RowRejected(eventIdColumn, v[eventIdIndex], "required event_id");
      }
    } else {
      eventId = EventIds.derive(source, v); // numbered among identical rows by number()
    }

    String tsText = v[timestampIndex];
    Instant ts = timestamps.parse(tsText);
    if (ts == null) {
      throw new RowRejected(timestampColumn, tsText, timestamps.rule());
    }

    List<Identifier> identifiers = binding.identifiers(v);
    Channel ch = channel.resolve(v);
    Kind k = kind.resolve(v);
    Outcome out = outcome == null ? null : outcome.resolve(v);
    if (out != null && k != Kind.TOUCH) {
      throw new RowRejected(
          outcome.column, outcome.raw(v), "outcome only on touches (kind is " + k.id() + ")");
    }

    TicketStatus status = ticketStatus == null ? null : ticketStatus.resolve(v);
    if (status != null && k != Kind.TICKET) {
      throw new RowRejected(
          ticketStatus.column,
          ticketStatus.raw(v),
          "ticket_status only on tickets (kind is " + k.id() + ")");
    }
    Map<String, String> attributes = binding.attributes(v);
    if (status != null) {
      attributes = new java.util.HashMap<>(attributes);
      attributes.put(TicketStatus.ATTRIBUTE, status.id());
    }

    Boolean inHoldout = null;
    if (holdout != null) {
      String h = holdout.get(v);
      if (!h.isBlank()) {
        inHoldout = Booleans.parse(h);
        if (inHoldout == null) {
          throw new RowRejected(holdout.column, h, "boolean (true/false/1/0/yes/no)");
        }
      }
    }

    double value = value(v);
    if (k == Kind.PURCHASE
        && ((negativeIsReturn && value < 0)
            || (prefixIndex >= 0 && v[prefixIndex].stripLeading().startsWith(prefix)))) {
      k = Kind.RETURN;
    }
    if (k == Kind.RETURN && value > 0) {
      value = -value;
    }
    double costValue = cost == null ? 0.0 : number(cost, v, 0.0);
    double scoreValue = score == null ? Double.NaN : number(score, v, Double.NaN);

    try {
      return new Interaction(
          eventId,
          identifiers,
          ts,
          ch,
          k,
          out,
          TextColumn.orNull(campaign, v),
          TextColumn.orNull(variant, v),
          inHoldout,
          value,
          costValue,
          scoreValue,
          TextColumn.orNull(text, v),
          attributes);
    } catch (IllegalArgumentException e) {
      throw new RowRejected("", "", e.getMessage());
    }
  }

  private double value(String[] v) {
    if (valueIndex >= 0) {
      String s = v[valueIndex];
      if (s.isBlank()) {
        return 0.0;
      }
      double d = Numbers.parse(s);
      if (Double.isNaN(d)) {
        throw new RowRejected(valueColumn, s, "number");
      }
      return d;
    }
    if (multiplyIndex.length > 0) {
      double product = 1.0;
      for (int i = 0; i < multiplyIndex.length; i++) {
        String s = v[multiplyIndex[i]];
        double d = Numbers.parse(s);
        if (Double.isNaN(d)) {
          throw new RowRejected(multiplyColumns[i], s, "number");
        }
        product *= d;
      }
      if (Double.isInfinite(product)) {
        throw new RowRejected(
            String.join("*", multiplyColumns), Double.toString(product), "finite value");
      }
      return product;
    }
    return valueConstant;
  }

  private static double number(TextColumn c, String[] v, double whenEmpty) {
    String s = c.get(v);
    if (s.isBlank()) {
      return whenEmpty;
    }
    double d = Numbers.parse(s);
    if (Double.isNaN(d)) {
      throw new RowRejected(c.column, s, "number");
    }
    return d;
  }

  /** A field read from a column or set to a constant. */
  static final class TextColumn {
    final int index;
    final String column;
    final String constant;

    private TextColumn(int index, String column, String constant) {
      this.index = index;
      this.column = column;
      this.constant = constant;
    }

    static TextColumn of(Field f, RowBinding b) {
      if (f == null) {
        return null;
      }
      return f.column() == null
          ? new TextColumn(-1, null, f.constant())
          : new TextColumn(b.indexOf(f.column()), f.column().name(), null);
    }

    String get(String[] v) {
      return index >= 0 ? v[index] : constant;
    }

    static String orNull(TextColumn c, String[] v) {
      if (c == null) {
        return null;
      }
      String s = c.get(v);
      return s.isBlank() ? null : s.strip();
    }
  }

  /**
   * A closed-set field. The distinct raw values of a column are few (a handful of channel names),
   * so each is resolved once and remembered.
   */
  static final class EnumColumn<E extends Enum<E>> {
    private static final Object UNKNOWN = new Object();
    private static final Object EMPTY = new Object();
    private static final int CACHE_LIMIT = 4096;

    final String column;
    private final int index;
    private final E constant;
    private final Map<String, E> values;
    private final E fallback;
    private final Function<String, E> parser;
    private final boolean required;
    private final String rule;
    private final Map<String, Object> cache = new HashMap<>();

    EnumColumn(Choice<E> c, RowBinding b, Function<String, E> parser, E[] all, boolean required) {
      this.column = c.column() == null ? null : c.column().name();
      this.index = b.indexOf(c.column());
      this.constant = c.constant();
      this.values = c.values();
      this.fallback = c.fallback();
      this.parser = parser;
      this.required = required;
      StringBuilder names = new StringBuilder();
      for (E e : all) {
        names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
      }
      for (String k : values.keySet()) {
        names.append(", ").append(k);
      }
      this.rule = "known " + c.key() + " (" + names + ")";
    }

    String raw(String[] v) {
      return index >= 0 ? v[index] : constant.name().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    E resolve(String[] v) {
      if (constant != null) {
        return constant;
      }
      String raw = v[index];
      Object hit = cache.get(raw);
      if (hit == null) {
        hit = lookup(raw);
        if (cache.size() < CACHE_LIMIT) {
          cache.put(raw, hit);
        }
      }
      if (hit == UNKNOWN) {
        throw new RowRejected(column, raw, rule);
      }
      if (hit == EMPTY) {
        if (required) {
          throw new RowRejected(column, raw, "not_empty");
        }
        return null;
      }
      return (E) hit;
    }

    private Object lookup(String raw) {
      String key = raw.strip();
      if (key.isEmpty()) {
        return fallback != null ? fallback : EMPTY;
      }
      E mapped = values.get(key.toLowerCase(Locale.ROOT));
      if (mapped != null) {
        return mapped;
      }
      try {
        return parser.apply(key);
      } catch (IllegalArgumentException e) {
        return fallback != null ? fallback : UNKNOWN;
      }
    }
  }
}
