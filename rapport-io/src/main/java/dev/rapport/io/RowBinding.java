package dev.rapport.io;

import dev.rapport.core.Identifier;
import dev.rapport.io.Mapping.Column;
import dev.rapport.io.Mapping.Id;
import dev.rapport.io.Mapping.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping bound to one file's header: column names resolved to positions once, so that mapping a
 * row is array access. Holds what event and customer mappings share: the shape check, the rules,
 * the identifiers and the attributes.
 */
final class RowBinding {
  private static final char[] COMMON_DELIMITERS = {';', '\t', '|', ','};
  private static final int MAX_COLUMNS_LISTED = 40;

  final String fileName;
  final List<String> columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final int width;
  private final BoundRule[] rules;
  private final Id[] ids;
  private final int[] idIndex;
  private final String idFields;
  private final String idTypes;
  private final int[] attributeIndex;
  private final String[] attributeNames;

  private record BoundRule(int index, Rule rule, String name) {}

  RowBinding(Mapping m, Path file, List<String> columns) {
    this.fileName = file.getFileName().toString();
    this.columns = List.copyOf(columns);
    this.width = columns.size();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.putIfAbsent(columns.get(i), i);
      counts.merge(columns.get(i), 1, Integer::sum);
    }
    checkHeader(m, file, counts);

    List<BoundRule> boundRules = new ArrayList<>();
    for (Rule r : m.rules) {
      boundRules.add(new BoundRule(indexOf(r.column()), r, r.name()));
    }
    this.rules = boundRules.toArray(new BoundRule[0]);
    this.ids = m.identifiers.toArray(new Id[0]);
    this.idIndex = new int[ids.length];
    List<String> fields = new ArrayList<>();
    Set<String> types = new LinkedHashSet<>();
    for (int i = 0; i < ids.length; i++) {
      idIndex[i] = indexOf(ids[i].column());
      fields.add(ids[i].column().name());
      types.add(ids[i].type());
    }
    this.idFields = String.join("/", new LinkedHashSet<>(fields));
    this.idTypes = String.join(", ", types);

    Map<String, Integer> attrs = new LinkedHashMap<>();
    if (m.allAttributes) {
      Set<String> named = new HashSet<>();
      for (Column c : m.fieldColumns()) {
        named.add(c.name());
      }
      for (String c : columns) {
        if (!named.contains(c)) {
          attrs.putIfAbsent(c, index.get(c));
        }
      }
    } else {
      for (Column c : m.attributes) {
        attrs.putIfAbsent(c.name(), indexOf(c));
      }
    }
    this.attributeNames = attrs.keySet().toArray(new String[0]);
    this.attributeIndex = attrs.values().stream().mapToInt(Integer::intValue).toArray();
  }

  /** The position of a column the mapping names (checked to exist); -1 for null. */
  int indexOf(Column c) {
    return c == null ? -1 : index.get(c.name());
  }

  private void checkHeader(Mapping m, Path file, Map<String, Integer> counts) {
    List<String> missing = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Column c : m.referencedColumns()) {
      if (!index.containsKey(c.name())) {
        if (seen.add(c.name())) {
          missing.add("'" + c.name() + "' (" + c.where() + ")");
        }
      } else if (counts.get(c.name()) > 1) {
        throw new ImportException(
            file,
            "column '"
                + c.name()
                + "' appears "
                + counts.get(c.name())
                + " times in the header, so the mapping "
                + m.origin()
                + " ("
                + c.where()
                + ") cannot tell which to use");
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String missingList = String.join(", ", missing);
    if (columns.size() == 1) {
      char current = m.csv.whitespace() ? ' ' : m.csv.delimiterFor(file);
      String only = columns.get(0);
      for (char d : COMMON_DELIMITERS) {
        if (d != current && only.indexOf(d) >= 0) {
          throw new ImportException(
              file,
              "header has 1 column '"
                  + only
                  + "' — is the delimiter "
                  + Mapping.CsvOptions.describe(d)
                  + "? The mapping "
                  + m.origin()
                  + " reads "
                  + (m.csv.whitespace() ? "whitespace" : Mapping.CsvOptions.describe(current))
                  + " (set csv.delimiter); columns it names that are missing: "
                  + missingList);
        }
      }
    }
    List<String> found = columns;
    String more = "";
    if (found.size() > MAX_COLUMNS_LISTED) {
      more = " … (" + (found.size() - MAX_COLUMNS_LISTED) + " more)";
      found = found.subList(0, MAX_COLUMNS_LISTED);
    }
    throw new ImportException(
        file,
        "the header lacks "
            + (missing.size() == 1 ? "a column" : missing.size() + " columns")
            + " the mapping "
            + m.origin()
            + " names: "
            + missingList
            + "; columns found: "
            + (found.isEmpty() ? "(none)" : String.join(", ", found))
            + more);
  }

  /** Rejects a record with the wrong number of fields or a field that was not valid UTF-8. */
  void checkShape(String[] v) {
    if (v.length != width) {
      throw new RowRejected("", "", "row has " + v.length + " fields, header has " + width);
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i].indexOf('\uFFFD') >= 0) {
        throw new RowRejected(columns.get(i), v[i], "invalid UTF-8");
      }
    }
  }

  /** Rejects the row at the first rule it breaks. Numeric and set rules pass an empty value. */
  void checkRules(String[] v) {
    for (BoundRule b : rules) {
      String s = v[b.index()];
      boolean ok;
      switch (b.rule().check()) {
        case NOT_EMPTY:
          ok = !s.isBlank();
          break;
        case MAX_LENGTH:
          ok = s.length() <= b.rule().maxLength();
          break;
        default:
          ok = s.isBlank() || passes(b.rule(), s);
      }
      if (!ok) {
        throw new RowRejected(b.rule().column().name(), s, b.name());
      }
    }
  }

  private static boolean passes(Rule r, String s) {
    switch (r.check()) {
      case POSITIVE:
        return Numbers.parse(s) > 0; // NaN compares false
      case NON_NEGATIVE:
        return Numbers.parse(s) >= 0;
      case INTEGER:
        return Numbers.isInteger(s);
      case ONE_OF:
        return r.oneOf().contains(s.strip());
      default:
        throw new IllegalStateException("unexpected check " + r.check());
    }
  }

  /** Identifier values that never identify anyone (the workspace blocklist); none by default. */
  private java.util.function.Predicate<String> blocked = value -> false;

  void blockIdentifiers(java.util.function.Predicate<String> isBlocked) {
    this.blocked = isBlocked;
  }

  /**
   * The row's identifiers, normalised, in mapping order; empty ones skipped. Rejects the row when a
   * required one is empty or none is left.
   */
  List<Identifier> identifiers(String[] v) {
    Identifier[] out = new Identifier[ids.length];
    int n = 0;
    String blockedSeen = null; // a junk value seen on this row, named if no identifier is left
    for (int i = 0; i < ids.length; i++) {
      Id id = ids[i];
      String raw = v[idIndex[i]];
      String normal = Identifier.normalise(id.type(), raw);
      if (normal.isEmpty()) {
        if (id.required()) {
          throw new RowRejected(id.column().name(), raw, "required identifier " + id.type());
        }
        continue;
      }
      if (blocked.test(normal)) {
        if (id.required()) {
          throw new RowRejected(
              id.column().name(),
              raw,
              "required identifier " + id.type() + " not on the blocklist");
        }
        blockedSeen = raw;
        continue;
      }
      out[n++] = new Identifier(id.type(), normal);
    }
    if (n == 0 && blockedSeen != null) {
      throw new RowRejected(idFields, blockedSeen, "at least one identifier not on the blocklist");
    }
    if (n == 0) {
      throw new RowRejected(idFields, "", "at least one identifier (" + idTypes + ")");
    }
    return List.of(n == out.length ? out : Arrays.copyOf(out, n));
  }

  /** The attribute columns with a non-blank value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Map<String, String> attributes(String[] v) {
    if (attributeIndex.length == 0) {
      return Map.of();
    }
    Map.Entry<String, String>[] entries = new Map.Entry[attributeIndex.length];
    int n = 0;
    for (int i = 0; i < attributeIndex.length; i++) {
      String s = v[attributeIndex[i]];
      if (!s.isBlank()) {
        entries[n++] = Map.entry(attributeNames[i], s);
      }
    }
    return Map.ofEntries(n == entries.length ? entries : Arrays.copyOf(entries, n));
  }
}
