package dev.rapport.store;

import dev.rapport.core.Identifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an event's identifiers: each as {@code type:value}, joined by the ASCII unit
 * separator U+001F, in the event's order. One column rather than a child table, because nearly
 * every event has one identifier and the event log must append and stream fast.
 */
final class IdentifierList {
  static final char SEPARATOR = '\u001f';

  private IdentifierList() {}

  /**
   * @throws IllegalArgumentException when a value holds the separator
   */
  static String join(String eventId, List<Identifier> ids) {
    if (ids.size() == 1) {
      return checked(eventId, ids.get(0)).toString();
    }
    StringBuilder b = new StringBuilder(32 * ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        b.append(SEPARATOR);
      }
      Identifier id = checked(eventId, ids.get(i));
      b.append(id.type()).append(':').append(id.value());
    }
    return b.toString();
  }

  private static Identifier checked(String eventId, Identifier id) {
    if (id.value().indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException(
          "event "
              + eventId
              + ": identifier "
              + id.type()
              + " holds the unit separator U+001F, which the store reserves");
    }
    return id;
  }

  static List<Identifier> split(String text) {
    int sep = text.indexOf(SEPARATOR);
    if (sep < 0) {
      return List.of(Identifier.parse(text));
    }
    List<Identifier> ids = new ArrayList<>(4);
    int start = 0;
    while (sep >= 0) {
      ids.add(Identifier.parse(text.substring(start, sep)));
      start = sep + 1;
      sep = text.indexOf(SEPARATOR, start);
    }
    ids.add(Identifier.parse(text.substring(start)));
    return ids;
  }
}
