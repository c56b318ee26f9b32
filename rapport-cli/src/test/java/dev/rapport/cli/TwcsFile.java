package dev.rapport.cli;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An independent reading of the TWCS sample for {@link TwcsIT}: the reply delays computed straight
 * from the tweets' threading ({@code in_response_to_tweet_id}), without Rapport's import or fold.
 */
final class TwcsFile {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

  private TwcsFile() {}

  record Tweet(String id, boolean inbound, long epochSecond, String inResponseTo) {}

  /** Seconds from each inbound tweet to the first company tweet answering it. */
  static long[] firstReplyDelays(Path csv) throws Exception {
    Map<String, Tweet> byId = read(csv);
    Map<String, Long> first = new HashMap<>();
    for (Tweet t : byId.values()) {
      Tweet parent = byId.get(t.inResponseTo());
      if (!t.inbound() && parent != null && parent.inbound()) {
        first.merge(parent.id(), t.epochSecond() - parent.epochSecond(), Math::min);
      }
    }
    return first.values().stream().mapToLong(Long::longValue).toArray();
  }

  /** Seconds from the parent tweet to every company tweet answering an inbound tweet. */
  static long[] everyReplyDelay(Path csv) throws Exception {
    Map<String, Tweet> byId = read(csv);
    List<Long> out = new ArrayList<>();
    for (Tweet t : byId.values()) {
      Tweet parent = byId.get(t.inResponseTo());
      if (!t.inbound() && parent != null && parent.inbound()) {
        out.add(t.epochSecond() - parent.epochSecond());
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Parses the CSV (quoted fields may hold newlines) into tweets by id. */
  private static Map<String, Tweet> read(Path csv) throws Exception {
    List<List<String>> records = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      List<String> rec = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      int c;
      while ((c = r.read()) != -1) {
        char ch = (char) c;
        if (quoted) {
          if (ch == '"') {
            r.mark(1);
            int next = r.read();
            if (next == '"') {
              cur.append('"');
            } else {
              quoted = false;
              if (next != -1) {
                r.reset();
              }
            }
          } else {
            cur.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          rec.add(cur.toString());
          cur.setLength(0);
        } else if (ch == '\n') {
          rec.add(cur.toString());
          cur.setLength(0);
          records.add(rec);
          rec = new ArrayList<>();
        } else if (ch != '\r') {
          cur.append(ch);
        }
      }
      if (cur.length() > 0 || !rec.isEmpty()) {
        rec.add(cur.toString());
        records.add(rec);
      }
    }
    List<String> header = records.get(0);
    int id = header.indexOf("tweet_id");
    int inbound = header.indexOf("inbound");
    int created = header.indexOf("created_at");
    int parent = header.indexOf("in_response_to_tweet_id");
    Map<String, Tweet> out = new HashMap<>();
    for (List<String> rec : records.subList(1, records.size())) {
      out.put(
          rec.get(id),
          new Tweet(
              rec.get(id),
              Boolean.parseBoolean(rec.get(inbound)),
              ZonedDateTime.parse(rec.get(created), TIME).toEpochSecond(),
              rec.get(parent)));
    }
    return out;
  }
}
