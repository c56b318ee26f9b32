package dev.rapport.store;

import dev.rapport.core.config.Signal;
import dev.rapport.core.profile.ScoreComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON text of the two structured columns: event and customer attributes ({@code {"name":
 * "value"}}, names sorted) and score components ({@code [{"signal": "purchase", "points": 31.2,
 * "raw": 4.5}]}). JSON so that SQL users can read them ({@code attributes::JSON ->> 'tier'}) and so
 * that PostgreSQL can keep them as {@code jsonb}.
 *
 * <p>Hand-written rather than Jackson because it runs once per event in {@link Store#forEachEvent}:
 * it reads only what it writes, plus whitespace. Doubles are written with {@link
 * Double#toString(double)}, which {@link Double#parseDouble} reads back exactly; non-finite values,
 * which JSON has no number for, are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}.
 */
final class JsonText {
  private JsonText() {}

  /** The JSON object of a string map, names sorted; null for an empty map. */
  static String writeStringMap(Map<String, String> map) {
    if (map.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(16 * map.size() + 2);
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      writeString(b, e.getKey());
      b.append(':');
      writeString(b, e.getValue());
    }
    return b.append('}').toString();
  }

  /** The map of a JSON object of strings; empty for null. */
  static Map<String, String> readStringMap(String json) {
    if (json == null) {
      return Map.of();
    }
    Reader r = new Reader(json);
    Map<String, String> map = new HashMap<>();
    r.expect('{');
    if (!r.consumeIf('}')) {
      do {
        String name = r.readString();
        r.expect(':');
        map.put(name, r.readString());
      } while (r.consumeIf(','));
      r.expect('}');
    }
    r.end();
    return map;
  }

  static String writeScoreComponents(List<ScoreComponent> components) {
    StringBuilder b = new StringBuilder(48 * components.size() + 2);
    b.append('[');
    for (int i = 0; i < components.size(); i++) {
      ScoreComponent c = components.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"signal\":");
      writeString(b, c.signal().id());
      b.append(",\"points\":");
      writeDouble(b, c.points());
      b.append(",\"raw\":");
      writeDouble(b, c.raw());
      b.append('}');
    }
    return b.append(']').toString();
  }

  static List<ScoreComponent> readScoreComponents(String json) {
    if (json == null) {
      return List.of();
    }
    Reader r = new Reader(json);
    List<ScoreComponent> list = new ArrayList<>();
    r.expect('[');
    if (!r.consumeIf(']')) {
      do {
        r.expect('{');
        Signal signal = null;
        double points = Double.NaN;
        double raw = Double.NaN;
        do {
          String name = r.readString();
          r.expect(':');
          switch (name) {
            case "signal":
              signal = signal(r.readString(), json);
              break;
            case "points":
              points = r.readDouble();
              break;
            case "raw":
              raw = r.readDouble();
              break;
            default:
              throw new IllegalArgumentException(
                  "unexpected field '" + name + "' in score components " + json);
          }
        } while (r.consumeIf(','));
        r.expect('}');
        if (signal == null) {
          throw new IllegalArgumentException("score component without a signal in " + json);
        }
        list.add(new ScoreComponent(signal, points, raw));
      } while (r.consumeIf(','));
      r.expect(']');
    }
    r.end();
    return list;
  }

  private static Signal signal(String id, String json) {
    for (Signal s : Signal.values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown signal '" + id + "' in score components " + json);
  }

  private static void writeDouble(StringBuilder b, double d) {
    if (Double.isFinite(d)) {
      b.append(d);
    } else {
      b.append('"').append(d).append('"');
    }
  }

  private static void writeString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  /** A cursor over JSON text, failing with the text and position on anything unexpected. */
  private static final class Reader {
    private final String s;
    private int at;

    Reader(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
        at++;
      }
    }

    void expect(char c) {
      skipSpace();
      if (at >= s.length() || s.charAt(at) != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    boolean consumeIf(char c) {
      skipSpace();
      if (at < s.length() && s.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    void end() {
      skipSpace();
      if (at != s.length()) {
        throw error("unexpected text after the value");
      }
    }

    String readString() {
      expect('"');
      int start = at;
      // Fast path: no escapes.
      while (at < s.length()) {
        char c = s.charAt(at);
        if (c == '"') {
          return s.substring(start, at++);
        }
        if (c == '\\') {
          break;
        }
        at++;
      }
      StringBuilder b = new StringBuilder(s.length() - start);
      b.append(s, start, at);
      while (at < s.length()) {
        char c = s.charAt(at++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (at >= s.length()) {
          break;
        }
        char e = s.charAt(at++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            b.append(e);
            break;
          case 'b':
            b.append('\b');
            break;
          case 'f':
            b.append('\f');
            break;
          case 'n':
            b.append('\n');
            break;
          case 'r':
            b.append('\r');
            break;
          case 't':
            b.append('\t');
            break;
          case 'u':
            if (at + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            } catch (NumberFormatException x) {
              throw error("bad \\u escape");
            }
            at += 4;
            break;
          default:
            throw error("bad escape \\" + e);
        }
      }
      throw error("unterminated string");
    }

    double readDouble() {
      skipSpace();
      if (at < s.length() && s.charAt(at) == '"') {
        String special = readString();
        switch (special) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            throw error("expected a number, got \"" + special + "\"");
        }
      }
      int start = at;
      while (at < s.length() && "+-.0123456789eE".indexOf(s.charAt(at)) >= 0) {
        at++;
      }
      try {
        return Double.parseDouble(s.substring(start, at));
      } catch (NumberFormatException x) {
        throw error("expected a number");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at position " + at + " of JSON text " + s);
    }
  }
}
