package dev.rapport.io;

import dev.rapport.core.Identifier;
import java.util.List;
import java.util.Map;

/**
 * One row of a customer attribute file ({@code kind: customers} mapping): who the customer is and
 * the attributes to set. A later row for the same customer overrides the attributes it names; an
 * empty cell is not carried, so it never erases an earlier value.
 *
 * @param identifiers at least one; all belong to the same customer
 * @param attributes column name to value, empty values left out
 * @param file the input file's name
 * @param line the 1-based line of the row
 */
public record CustomerAttributes(
    List<Identifier> identifiers, Map<String, String> attributes, String file, long line) {
  public CustomerAttributes {
    if (identifiers == null || identifiers.isEmpty()) {
      throw new IllegalArgumentException(file + " line " + line + ": no identifier");
    }
    identifiers = List.copyOf(identifiers);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
