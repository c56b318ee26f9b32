package dev.rapport.io;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the text of a timestamp column into an instant, for one mapping's {@code timestamp.format}
 * and {@code timestamp.zone}. Not thread-safe: it remembers the last text it parsed, because sorted
 * sources repeat timestamps (every line of an invoice has the same one).
 *
 * <p>ISO-8601 and fixed-width numeric patterns ({@code yyyy-MM-dd HH:mm:ss}, {@code yyyyMMdd},
 * {@code dd/MM/yyyy HH:mm}) are parsed by hand, since {@code DateTimeFormatter} costs about a
 * microsecond per call; other patterns go through {@code DateTimeFormatter} in strict mode, so that
 * 2024-02-30 is rejected rather than moved to 2024-02-29.
 */
abstract class TimestampParser {
  static final String ISO = "iso";
  static final String EPOCH_SECONDS = "epoch_seconds";
  static final String EPOCH_MILLIS = "epoch_millis";

  private String lastText;
  private Instant lastValue;

  /** The instant the text stands for, or null when it does not fit the format. */
  final Instant parse(String text) {
    if (text.equals(lastText)) {
      return lastValue;
    }
    Instant value;
    try {
      value = parseNew(text.strip());
    } catch (DateTimeException | ArithmeticException e) {
      value = null;
    }
    if (value != null) {
      lastText = text;
      lastValue = value;
    }
    return value;
  }

  abstract Instant parseNew(String text);

  /** The rule a text that does not parse breaks, e.g. {@code timestamp format 'yyyyMMdd'}. */
  abstract String rule();

  /**
   * A parser for a mapping's format and zone.
   *
   * @throws IllegalArgumentException when the format is not a usable pattern, naming the reason
   */
  static TimestampParser of(String format, ZoneId zone) {
    switch (format) {
      case ISO:
        return new Iso(zone);
      case EPOCH_SECONDS:
        return new Epoch(false);
      case EPOCH_MILLIS:
        return new Epoch(true);
      default:
        FixedLayout fixed = FixedLayout.compile(format, zone);
        return fixed != null ? fixed : Pattern.compile(format, zone);
    }
  }

  /** Seconds since the epoch of a local date-time in a zone. */
  static Instant toInstant(
      int y, int mo, int d, int h, int mi, int s, int nano, ZoneOffset fixed, ZoneId zone) {
    if (h > 23 || mi > 59 || s > 59) {
      return null;
    }
    if (fixed != null) {
      long day = epochDay(y, mo, d);
      if (day == NO_DAY) {
        return null;
      }
      return Instant.ofEpochSecond(
          day * 86_400L + h * 3600L + mi * 60L + s - fixed.getTotalSeconds(), nano);
    }
    return ZonedDateTime.ofLocal(LocalDateTime.of(y, mo, d, h, mi, s, nano), zone, null)
        .toInstant();
  }

  private static final long NO_DAY = Long.MIN_VALUE;

  /**
   * Days from 1970-01-01 to a proleptic Gregorian date, or {@link #NO_DAY} when there is no such
   * date (month 13, 30 February). Arithmetic rather than {@code LocalDate.of}, which allocates and
   * cost 3% of a ten-million-row import; agreement is tested against {@code LocalDate}.
   */
  static long epochDay(int y, int mo, int d) {
    if (mo < 1 || mo > 12 || d < 1 || d > lengthOfMonth(y, mo)) {
      return NO_DAY;
    }
    // Days from civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    long year = mo <= 2 ? y - 1L : y;
    long era = Math.floorDiv(year, 400);
    long yoe = year - era * 400;
    long doy = (153L * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int lengthOfMonth(int y, int mo) {
    switch (mo) {
      case 2:
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  static ZoneOffset fixedOffset(ZoneId zone) {
    ZoneId z = zone.normalized();
    return z instanceof ZoneOffset ? (ZoneOffset) z : null;
  }

  /** The value of {@code len} decimal digits at {@code at}, or -1. */
  static int digits(String s, int at, int len) {
    if (at < 0 || at + len > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * ISO-8601: {@code 2024-03-01T10:15:30Z}, with an offset ({@code +02:00}, {@code +0200}, {@code
   * +02}), without one (local time in the zone), with a fraction of up to 9 digits, without
   * seconds, with a space instead of the T, or a date alone (the start of that day in the zone).
   */
  static final class Iso extends TimestampParser {
    private final ZoneId zone;
    private final ZoneOffset fixed;

    Iso(ZoneId zone) {
      this.zone = zone;
      this.fixed = fixedOffset(zone);
    }

    @Override
    String rule() {
      return "timestamp format 'iso'";
    }

    @Override
    Instant parseNew(String s) {
      int n = s.length();
      int y = digits(s, 0, 4);
      int mo = digits(s, 5, 2);
      int d = digits(s, 8, 2);
      if (y < 0 || mo < 0 || d < 0 || s.charAt(4) != '-' || s.charAt(7) != '-') {
        return null;
      }
      if (n == 10) {
        return toInstant(y, mo, d, 0, 0, 0, 0, fixed, zone);
      }
      char sep = s.charAt(10);
      if (sep != 'T' && sep != 't' && sep != ' ') {
        return null;
      }
      int h = digits(s, 11, 2);
      int mi = digits(s, 14, 2);
      if (h < 0 || mi < 0 || s.charAt(13) != ':') {
        return null;
      }
      int sec = 0;
      int nano = 0;
      int pos = 16;
      if (pos < n && s.charAt(pos) == ':') {
        sec = digits(s, 17, 2);
        if (sec < 0) {
          return null;
        }
        pos = 19;
        if (pos < n && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
          pos++;
          int start = pos;
          while (pos < n && Numbers.isDigit(s.charAt(pos))) {
            if (pos - start < 9) {
              nano = nano * 10 + (s.charAt(pos) - '0');
            }
            pos++;
          }
          int len = pos - start;
          if (len == 0 || len > 9) {
            return null;
          }
          for (int i = len; i < 9; i++) {
            nano *= 10;
          }
        }
      }
      if (pos == n) {
        return toInstant(y, mo, d, h, mi, sec, nano, fixed, zone);
      }
      char z = s.charAt(pos);
      int offset;
      if (z == 'Z' || z == 'z') {
        if (pos + 1 != n) {
          return null;
        }
        offset = 0;
      } else if (z == '+' || z == '-') {
        int oh = digits(s, pos + 1, 2);
        int om = 0;
        int p = pos + 3;
        if (oh < 0) {
          return null;
        }
        if (p < n) {
          if (s.charAt(p) == ':') {
            p++;
          }
          om = digits(s, p, 2);
          if (om < 0 || p + 2 != n) {
            return null;
          }
        }
        if (oh > 18 || om > 59) {
          return null;
        }
        offset = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
      ZoneOffset at = offset == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offset);
      return toInstant(y, mo, d, h, mi, sec, nano, at, zone);
    }
  }

  /** Seconds (with an optional fraction) or milliseconds since 1970-01-01T00:00:00Z. */
  static final class Epoch extends TimestampParser {
    private final boolean millis;

    Epoch(boolean millis) {
      this.millis = millis;
    }

    @Override
    String rule() {
      return "timestamp format '" + (millis ? EPOCH_MILLIS : EPOCH_SECONDS) + "'";
    }

    @Override
    Instant parseNew(String s) {
      int n = s.length();
      int i = 0;
      boolean negative = false;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        negative = s.charAt(i) == '-';
        i++;
      }
      int start = i;
      long whole = 0;
      while (i < n && Numbers.isDigit(s.charAt(i))) {
        if (i - start >= 18) {
          return null;
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start) {
        return null;
      }
      long nano = 0;
      if (!millis && i < n && s.charAt(i) == '.') {
        i++;
        int fs = i;
        while (i < n && Numbers.isDigit(s.charAt(i))) {
          if (i - fs < 9) {
            nano = nano * 10 + (s.charAt(i) - '0');
          }
          i++;
        }
        if (i == fs || i - fs > 9) {
          return null;
        }
        for (int k = i - fs; k < 9; k++) {
          nano *= 10;
        }
      }
      if (i != n) {
        return null;
      }
      if (millis) {
        return Instant.ofEpochMilli(negative ? -whole : whole);
      }
      return negative ? Instant.ofEpochSecond(-whole, -nano) : Instant.ofEpochSecond(whole, nano);
    }
  }

  /**
   * A pattern made only of fixed-width numeric fields ({@code yyyy uuuu MM dd HH mm ss S..S}) and
   * literals, parsed by position.
   */
  static final class FixedLayout extends TimestampParser {
    private static final int LITERAL = 0;
    private final String pattern;
    private final char[] kinds; // per position: the field letter, or LITERAL
    private final char[] literals;
    private final ZoneId zone;
    private final ZoneOffset fixed;

    private FixedLayout(String pattern, char[] kinds, char[] literals, ZoneId zone) {
      this.pattern = pattern;
      this.kinds = kinds;
      this.literals = literals;
      this.zone = zone;
      this.fixed = fixedOffset(zone);
    }

    /** A fixed-layout parser for the pattern, or null when the pattern is not fixed-width. */
    static FixedLayout compile(String pattern, ZoneId zone) {
      List<Character> kinds = new ArrayList<>();
      List<Character> literals = new ArrayList<>();
      boolean[] seen = new boolean[128];
      int i = 0;
      int n = pattern.length();
      while (i < n) {
        char c = pattern.charAt(i);
        if (c == '\'') {
          int end = pattern.indexOf('\'', i + 1);
          if (end < 0) {
            return null;
          }
          if (end == i + 1) {
            kinds.add((char) LITERAL);
            literals.add('\'');
          }
          for (int k = i + 1; k < end; k++) {
            kinds.add((char) LITERAL);
            literals.add(pattern.charAt(k));
          }
          i = end + 1;
          continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          int j = i;
          while (j < n && pattern.charAt(j) == c) {
            j++;
          }
          int width = j - i;
          char kind = c == 'u' ? 'y' : c;
          boolean ok =
              (kind == 'y' && width == 4)
                  || ((kind == 'M' || kind == 'd' || kind == 'H' || kind == 'm' || kind == 's')
                      && width == 2)
                  || (kind == 'S' && width <= 9);
          if (!ok || seen[kind]) {
            return null;
          }
          seen[kind] = true;
          for (int k = 0; k < width; k++) {
            kinds.add(kind);
            literals.add((char) 0);
          }
          i = j;
          continue;
        }
        kinds.add((char) LITERAL);
        literals.add(c);
        i++;
      }
      if (!seen['y'] || !seen['M'] || !seen['d']) {
        return null;
      }
      if ((seen['m'] && !seen['H']) || (seen['s'] && !seen['m']) || (seen['S'] && !seen['s'])) {
        return null;
      }
      char[] k = new char[kinds.size()];
      char[] l = new char[kinds.size()];
      for (int x = 0; x < k.length; x++) {
        k[x] = kinds.get(x);
        l[x] = literals.get(x);
      }
      return new FixedLayout(pattern, k, l, zone);
    }

    @Override
    String rule() {
      return "timestamp format '" + pattern + "'";
    }

    @Override
    Instant parseNew(String s) {
      if (s.length() != kinds.length) {
        return null;
      }
      int y = 0;
      int mo = 0;
      int d = 0;
      int h = 0;
      int mi = 0;
      int sec = 0;
      int nano = 0;
      int fractionDigits = 0;
      for (int i = 0; i < kinds.length; i++) {
        char c = s.charAt(i);
        char kind = kinds[i];
        if (kind == LITERAL) {
          if (c != literals[i]) {
            return null;
          }
          continue;
        }
        if (c < '0' || c > '9') {
          return null;
        }
        int digit = c - '0';
        switch (kind) {
          case 'y':
            y = y * 10 + digit;
            break;
          case 'M':
            mo = mo * 10 + digit;
            break;
          case 'd':
            d = d * 10 + digit;
            break;
          case 'H':
            h = h * 10 + digit;
            break;
          case 'm':
            mi = mi * 10 + digit;
            break;
          case 's':
            sec = sec * 10 + digit;
            break;
          default: // 'S'
            nano = nano * 10 + digit;
            fractionDigits++;
        }
      }
      for (int k = fractionDigits; k < 9 && fractionDigits > 0; k++) {
        nano *= 10;
      }
      return toInstant(y, mo, d, h, mi, sec, nano, fixed, zone);
    }
  }

  /** Any other {@code java.time} pattern, parsed strictly with English month and day names. */
  static final class Pattern extends TimestampParser {
    private enum Resolves {
      ZONED,
      LOCAL_DATE_TIME,
      LOCAL_DATE
    }

    private final String pattern;
    private final DateTimeFormatter formatter;
    private final Resolves resolves;
    private final ZoneId zone;

    private Pattern(String pattern, DateTimeFormatter formatter, Resolves resolves, ZoneId zone) {
      this.pattern = pattern;
      this.formatter = formatter;
      this.resolves = resolves;
      this.zone = zone;
    }

    static Pattern compile(String pattern, ZoneId zone) {
      DateTimeFormatter f;
      try {
        f =
            DateTimeFormatter.ofPattern(yearOfEraToYear(pattern), Locale.ENGLISH)
                .withResolverStyle(ResolverStyle.STRICT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "is not a java.time pattern (" + e.getMessage() + ")", e);
      }
      // Learn what the pattern resolves to by parsing a sample it printed itself.
      TemporalAccessor parsed;
      try {
        String sample = f.format(ZonedDateTime.of(2001, 2, 3, 4, 5, 6, 7_000_000, zone));
        parsed = f.parseBest(sample, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "does not give a full date (year, month and day) that can be read back", e);
      }
      Resolves r =
          parsed instanceof ZonedDateTime
              ? Resolves.ZONED
              : parsed instanceof LocalDateTime ? Resolves.LOCAL_DATE_TIME : Resolves.LOCAL_DATE;
      return new Pattern(pattern, f, r, zone);
    }

    /** {@code yyyy} in strict mode needs an era; {@code uuuu} is the proleptic year users mean. */
    static String yearOfEraToYear(String pattern) {
      StringBuilder b = new StringBuilder(pattern.length());
      boolean quoted = false;
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        }
        b.append(!quoted && c == 'y' ? 'u' : c);
      }
      return b.toString();
    }

    @Override
    String rule() {
      return "timestamp format '" + pattern + "'";
    }

    @Override
    Instant parseNew(String s) {
      try {
        switch (resolves) {
          case ZONED:
            return formatter.parse(s, ZonedDateTime::from).toInstant();
          case LOCAL_DATE_TIME:
            return formatter.parse(s, LocalDateTime::from).atZone(zone).toInstant();
          default:
            return formatter.parse(s, LocalDate::from).atStartOfDay(zone).toInstant();
        }
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
