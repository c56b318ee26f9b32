package dev.rapport.analytics.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a segment rule may name, each a number or a text, in a fixed order (a rule resolves
 * names to positions once, when it is parsed). Nothing outside the schema can be reached from a
 * rule.
 */
public final class Schema {
  /** A field's type. */
  public enum Type {
    NUMBER,
    TEXT
  }

  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<String> names;
  private final List<Type> types;

  /**
   * @param fields name to type, in position order; names are lower-case identifiers
   */
  public Schema(Map<String, Type> fields) {
    this.names = List.copyOf(fields.keySet());
    this.types = List.copyOf(fields.values());
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException(
            "field name '" + names.get(i) + "' is not an identifier");
      }
      index.put(names.get(i), i);
    }
  }

  /** The position of a field, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public Type type(int index) {
    return types.get(index);
  }

  public String name(int index) {
    return names.get(index);
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }
}
