package dev.rapport.core;

import java.util.Locale;

/**
 * The step a ticket event records: the customer writing in, an agent replying, or the ticket being
 * resolved. Read from the {@code ticket_status} attribute; a mapping may set it from any column
 * ({@code ticket_status:} in {@code docs/MAPPING.md}).
 */
public enum TicketStatus {
  OPENED,
  REPLIED,
  RESOLVED;

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  /** The attribute that carries a ticket event's status. */
  public static final String ATTRIBUTE = "ticket_status";

  /**
   * The status a name stands for, with the synonyms of help-desk exports (answered; closed,
   * solved); null for anything else.
   */
  public static TicketStatus of(String text) {
    if (text == null) {
      return null;
    }
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "opened":
      case "open":
      case "new":
        return OPENED;
      case "replied":
      case "answered":
        return REPLIED;
      case "resolved":
      case "closed":
      case "solved":
        return RESOLVED;
      default:
        return null;
    }
  }

  /**
   * Parses a status name or synonym.
   *
   * @throws IllegalArgumentException naming the value and the allowed names
   */
  public static TicketStatus parse(String text) {
    TicketStatus s = of(text);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown ticket status '" + text + "'; expected opened, replied or resolved");
    }
    return s;
  }
}
