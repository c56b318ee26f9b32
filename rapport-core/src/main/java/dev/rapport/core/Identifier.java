package dev.rapport.core;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One way of recognising a customer: a type ({@code customer_id}, {@code email}, {@code phone},
 * {@code device_id}, {@code social_handle}, or any other lower-case name) and a normalised value.
 *
 * <p>Values are normalised on construction so that the same person written two ways links: emails
 * and social handles are lower-cased, phone numbers keep only their digits (and a leading plus).
 */
public record Identifier(String type, String value) implements Comparable<Identifier> {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String DEVICE_ID = "device_id";
  public static final String SOCIAL_HANDLE = "social_handle";

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public Identifier {
    if (!isValidType(type)) {
      throw new IllegalArgumentException(
          "identifier type '" + type + "' must match " + TYPE.pattern());
    }
    type = canonicalType(type);
    value = normalise(type, value);
    if (value.isEmpty()) {
      throw new IllegalArgumentException("identifier " + type + " has an empty value");
    }
    if (value.indexOf('\0') >= 0) {
      // PostgreSQL's text type cannot hold it; see Interaction.
      throw new IllegalArgumentException("identifier " + type + " holds U+0000 (NUL)");
    }
  }

  /** Same as matching {@code [a-z][a-z0-9_]{0,39}}, without a regex on the hot path. */
  private static boolean isValidType(String t) {
    // Built-in types by identity first: the check runs for every identifier of every row, and
    // mappings intern their type names.
    if (t == CUSTOMER_ID || t == EMAIL || t == PHONE || t == DEVICE_ID || t == SOCIAL_HANDLE) {
      return true;
    }
    if (t == null || t.isEmpty() || t.length() > 40) {
      return false;
    }
    char first = t.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * One string per identifier type, shared by every identifier of that type: a business has a
   * handful of types and millions of identifiers, and each read record brought its own copy (the
   * Flink job's resolver held one per identifier). Past a thousand distinct types, strings are kept
   * as they come.
   */
  private static final ConcurrentHashMap<String, String> TYPES = new ConcurrentHashMap<>();

  private static String canonicalType(String type) {
    String known = TYPES.get(type);
    if (known != null) {
      return known;
    }
    if (TYPES.size() >= 1_000) {
      return type;
    }
    String prior = TYPES.putIfAbsent(type, type);
    return prior != null ? prior : type;
  }

  public static Identifier of(String type, String value) {
    return new Identifier(type, value);
  }

  /** Parses {@code type:value}. */
  public static Identifier parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("identifier '" + text + "' is not of the form type:value");
    }
    return new Identifier(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The normal form of a raw value for a type; empty when nothing usable remains. */
  public static String normalise(String type, String raw) {
    if (raw == null) {
      return "";
    }
    String v = raw.strip();
    switch (type) {
      case EMAIL:
      case SOCIAL_HANDLE:
        return v.toLowerCase(Locale.ROOT);
      case PHONE:
        {
          StringBuilder digits = new StringBuilder(v.length());
          for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
              digits.append(c);
            } else if (c == '+' && digits.length() == 0) {
              digits.append(c);
            }
          }
          return digits.length() == 1 && digits.charAt(0) == '+' ? "" : digits.toString();
        }
      default:
        return v;
    }
  }

  /** Explicit, because identity resolution looks identifiers up in hash maps millions of times. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Identifier)) {
      return false;
    }
    Identifier other = (Identifier) o;
    return value.equals(other.value) && type.equals(other.type);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + type.hashCode();
  }

  @Override
  public int compareTo(Identifier o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : value.compareTo(o.value);
  }

  /** {@code type:value}, the form used in files and on the command line. */
  @Override
  public String toString() {
    return type + ":" + value;
  }
}
