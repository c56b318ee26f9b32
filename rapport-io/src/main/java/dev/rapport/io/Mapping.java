package dev.rapport.io;

import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.TicketStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one source's columns become canonical {@link dev.rapport.core.Interaction}s (an events
 * mapping) or customer attributes (a {@code kind: customers} mapping). Loaded from a YAML file and
 * checked completely on load: every error names the mapping file, the YAML line, the key and the
 * rule, e.g. {@code mapping examples/x.yaml line 7: identifiers[0].type 'emial' is not a known
 * identifier type (did you mean 'email'?)}. Immutable and safe to share between threads.
 *
 * <h2>Schema (events)</h2>
 *
 * <pre>{@code
 * source: online-retail        # required; namespace for derived event ids and name of the rejects file
 * format: csv                  # csv | jsonl | parquet; default: from the input file's extension
 *                              #   (.csv .tsv .txt / .jsonl .ndjson .json / .parquet .pq; .gz looked through)
 * csv:                         # only for csv
 *   delimiter: ","             # any single character, "\t" or "tab", or "whitespace" (runs of blanks;
 *                              #   leading and trailing blanks ignored, no quoting). Default "," ("\t" for .tsv)
 *   quote: '"'                 # default '"'
 *   header: true               # default true; false => columns: gives the names
 *   columns: [a, b]            # only with header: false
 * timestamp:                   # required
 *   column: InvoiceDate
 *   format: "yyyy-MM-dd HH:mm:ss"  # default iso. iso | epoch_seconds | epoch_millis | a java.time pattern
 *   zone: UTC                  # default UTC; the zone of local date-times and of date-only patterns
 * event_id: {column: id}       # optional; absent => EventIds.derive(source, every raw field in column order)
 * identifiers:                 # required, at least one; a row needs at least one non-empty identifier
 *   - {type: customer_id, column: CustomerID, required: true}
 *   - {type: email, column: Email}
 * channel: {constant: store}   # required; or: store; or {column: ch, values: {"e-mail": email}, default: other}
 * kind: {constant: purchase}   # required; same forms as channel
 * outcome: {column: outcome}   # optional, touches only; empty => decided when the response window closes
 * ticket_status: {column: st}  # optional, tickets only: opened, replied, resolved
 * campaign: {column: X}        # optional; {column: X} or {constant: V}, as are variant, text, holdout, cost, score
 * variant: {column: X}
 * text: {column: X}
 * holdout: {column: X}         # true/false/1/0/yes/no, any case; empty => unknown
 * value: {column: amount}      # or {multiply: [Quantity, UnitPrice]} or {constant: 0}; empty cell => 0
 * cost: {column: X}            # empty => 0
 * score: {column: X}           # empty => no score
 * returns:                     # optional: when a purchase row is a return
 *   negative_value: true       #   a negative value => kind return
 *   prefix: {column: InvoiceNo, value: "C"}   # a value starting with "C" => kind return
 * rules:                       # optional validation; each rejects the row when broken
 *   - {column: UnitPrice, check: positive}   # positive | non_negative | not_empty | integer
 *   - {column: Country, one_of: [UK, France]}
 *   - {column: StockCode, max_length: 12}
 * attributes: [Country, StockCode]         # kept in Interaction.attributes; "*" = every column not named above
 * }</pre>
 *
 * <h2>Schema (customer attributes)</h2>
 *
 * <pre>{@code
 * source: crm
 * kind: customers
 * identifiers: [{type: customer_id, column: id, required: true}]
 * attributes: "*"              # or a list of columns
 * rules: [...]                 # optional, as above
 * format: / csv:               # as above
 * }</pre>
 *
 * <p>The complete reference, with the meaning of every rule, is {@code docs/MAPPING.md}.
 */
public final class Mapping {
  /** The classpath resource of {@link #canonical()}. */
  public static final String CANONICAL_RESOURCE = "dev/rapport/io/canonical.yaml";

  private static volatile Mapping canonical;

  final String origin;
  final String source;
  final Format format;
  final CsvOptions csv;
  final boolean customers;
  final Timestamp timestamp;
  final Column eventId;
  final List<Id> identifiers;
  final Choice<Channel> channel;
  final Choice<Kind> kind;
  final Choice<Outcome> outcome;
  final Choice<TicketStatus> ticketStatus;
  final Field campaign;
  final Field variant;
  final Field text;
  final Field holdout;
  final Value value;
  final Field cost;
  final Field score;
  final Returns returns;
  final List<Rule> rules;
  final List<Column> attributes;
  final boolean allAttributes;

  Mapping(MappingParser p) {
    this.origin = p.origin;
    this.source = p.source;
    this.format = p.format;
    this.csv = p.csv;
    this.customers = p.customers;
    this.timestamp = p.timestamp;
    this.eventId = p.eventId;
    this.identifiers = List.copyOf(p.identifiers);
    this.channel = p.channel;
    this.kind = p.kind;
    this.outcome = p.outcome;
    this.ticketStatus = p.ticketStatus;
    this.campaign = p.campaign;
    this.variant = p.variant;
    this.text = p.text;
    this.holdout = p.holdout;
    this.value = p.value;
    this.cost = p.cost;
    this.score = p.score;
    this.returns = p.returns;
    this.rules = List.copyOf(p.rules);
    this.attributes = List.copyOf(p.attributes);
    this.allAttributes = p.allAttributes;
  }

  /**
   * Reads and checks a mapping file.
   *
   * @throws MappingException naming the file, line, key and rule of the first problem
   */
  public static Mapping load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MappingException(
          file.toString(), 0, "", "cannot be read: " + e.getClass().getSimpleName(), e);
    }
    return parse(yaml, file.toString());
  }

  /**
   * Checks a mapping given as YAML text.
   *
   * @param origin how to name the mapping in errors, usually its file
   * @throws MappingException naming the origin, line, key and rule of the first problem
   */
  public static Mapping parse(String yaml, String origin) {
    return new MappingParser(origin).parse(yaml);
  }

  /**
   * The mapping of Rapport's canonical CSV layout, {@value #CANONICAL_RESOURCE}: header {@code
   * event_id,ts,customer_id,email,phone,device_id,social_handle,channel,kind,outcome,campaign,
   * variant,holdout,value,cost,score,text,ticket_id,ticket_status,referred}, {@code ts} in
   * ISO-8601.
   */
  public static Mapping canonical() {
    Mapping m = canonical;
    if (m == null) {
      try (InputStream in =
          Mapping.class.getClassLoader().getResourceAsStream(CANONICAL_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + CANONICAL_RESOURCE + " is missing");
        }
        m = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CANONICAL_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      canonical = m;
    }
    return m;
  }

  /** The mapping file as the user named it (or the resource name of the canonical mapping). */
  public String origin() {
    return origin;
  }

  /** The {@code source:} name: the namespace of derived event ids. */
  public String source() {
    return source;
  }

  /** The {@code format:} given in the mapping; empty when it comes from each file's extension. */
  public Optional<Format> format() {
    return Optional.ofNullable(format);
  }

  /** True for a {@code kind: customers} mapping of customer attributes. */
  public boolean isCustomers() {
    return customers;
  }

  /** Every column the mapping names, each once, in the order of the mapping file. */
  public List<String> columns() {
    Set<String> names = new LinkedHashSet<>();
    for (Column c : referencedColumns()) {
      names.add(c.name());
    }
    return List.copyOf(names);
  }

  /** Every column reference with the key and line that made it, for missing-column errors. */
  List<Column> referencedColumns() {
    List<Column> cols = fieldColumns();
    for (Rule r : rules) {
      cols.add(r.column());
    }
    cols.addAll(attributes);
    return cols;
  }

  /** The columns that feed a field: all references but those of rules and attributes. */
  List<Column> fieldColumns() {
    List<Column> cols = new ArrayList<>();
    if (timestamp != null) {
      cols.add(timestamp.column());
    }
    add(cols, eventId);
    for (Id id : identifiers) {
      cols.add(id.column());
    }
    if (channel != null) {
      add(cols, channel.column());
    }
    if (kind != null) {
      add(cols, kind.column());
    }
    if (outcome != null) {
      add(cols, outcome.column());
    }
    if (ticketStatus != null) {
      add(cols, ticketStatus.column());
    }
    for (Field f : new Field[] {campaign, variant, text, holdout, cost, score}) {
      if (f != null) {
        add(cols, f.column());
      }
    }
    if (value != null) {
      add(cols, value.column());
      cols.addAll(value.multiply());
    }
    if (returns != null) {
      add(cols, returns.prefixColumn());
    }
    return cols;
  }

  private static void add(List<Column> cols, Column c) {
    if (c != null) {
      cols.add(c);
    }
  }

  @Override
  public String toString() {
    return "Mapping[" + origin + ", source=" + source + (customers ? ", customers" : "") + "]";
  }

  /** A column named by the mapping, with the key path and YAML line that named it. */
  record Column(String name, String key, int line) {
    String where() {
      return key + ", line " + line;
    }
  }

  /** The {@code csv:} section. {@code delimiter} is unused when {@code whitespace} is set. */
  record CsvOptions(
      char delimiter,
      boolean whitespace,
      boolean delimiterGiven,
      char quote,
      boolean header,
      List<String> columns) {
    static final CsvOptions DEFAULT = new CsvOptions(',', false, false, '"', true, List.of());

    /** The delimiter for a file: an explicit one, else tab for {@code .tsv}, else comma. */
    char delimiterFor(Path file) {
      return delimiterGiven ? delimiter : Format.isTsv(file) ? '\t' : ',';
    }

    static String describe(char c) {
      return c == '\t' ? "tab" : "'" + c + "'";
    }
  }

  /** A field taken from a column or set to a constant (exactly one is non-null). */
  record Field(Column column, String constant) {}

  /**
   * A closed-set field: from a column (optionally translated by {@code values}, keys lower-case,
   * with a {@code fallback} for empty or unknown values) or a constant.
   */
  record Choice<E extends Enum<E>>(
      Column column, E constant, Map<String, E> values, E fallback, String key) {}

  record Timestamp(Column column, String format, ZoneId zone) {}

  record Id(String type, Column column, boolean required) {
    Id {
      // Interned, so that Identifier's type check takes its identity fast path for the built-in
      // types on every row.
      type = type.intern();
    }
  }

  /** The value: a column, a constant, or the product of several columns. */
  record Value(Column column, Double constant, List<Column> multiply) {}

  record Returns(boolean negativeValue, Column prefixColumn, String prefix) {}

  enum Check {
    POSITIVE,
    NON_NEGATIVE,
    NOT_EMPTY,
    INTEGER,
    ONE_OF,
    MAX_LENGTH;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A validation rule on one column. */
  record Rule(Column column, Check check, Set<String> oneOf, int maxLength) {
    /** The rule as named in rejections: {@code positive}, {@code one_of [a, b]}, ... */
    String name() {
      switch (check) {
        case ONE_OF:
          return "one_of " + oneOf;
        case MAX_LENGTH:
          return "max_length " + maxLength;
        default:
          return check.id();
      }
    }
  }
}
