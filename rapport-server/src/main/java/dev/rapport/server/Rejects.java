package dev.rapport.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items {@code POST /v1/events} refused, kept with their reasons in {@code
 * rejects/api-rejects.jsonl}: one JSON object per item with the time, the request id, the key id,
 * the errors and the item as sent. Nothing a client sends is dropped without a trace.
 */
final class Rejects {
  static final String FILE_NAME = "api-rejects.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  Rejects(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /**
   * Drops every rejected item that names one of {@code ids} from every file under the rejects
   * folder: the API's log (items read as JSON, their identifiers compared) and the import rejects
   * (a line goes when any of its fields, split on commas, tabs and quotes, equals an identifier's
   * value: this may also drop a row where the value sits in another column, never keep one where it
   * is the identifier). Returns the lines dropped.
   */
  synchronized long erase(java.util.Collection<dev.rapport.core.Identifier> ids) {
    java.util.Set<String> values = values(ids);
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long dropped = 0;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        List<String> kept = new java.util.ArrayList<>(lines.size());
        for (String line : lines) {
          if (mentions(line, values)) {
            dropped++;
          } else {
            kept.add(line);
          }
        }
        if (kept.size() != lines.size()) {
          AtomicFiles.write(f, kept);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot erase from the rejects in " + dir, e);
    }
    return dropped;
  }

  /** The identifiers' values, lower-cased, as {@link #mentions} compares fields. */
  private static java.util.Set<String> values(
      java.util.Collection<dev.rapport.core.Identifier> ids) {
    java.util.Set<String> values = new java.util.HashSet<>();
    for (dev.rapport.core.Identifier id : ids) {
      values.add(id.value().toLowerCase(java.util.Locale.ROOT));
    }
    return values;
  }

  /**
   * Whether any field of a line equals one of the values. Fields are split at commas, tabs, quotes,
   * braces, brackets, colons and backslashes, so the values inside a JSON item kept as an escaped
   * string are fields too.
   */
  private static boolean mentions(String line, java.util.Set<String> values) {
    for (String field : line.split("[,\t\"{}\\[\\]:\\\\]+")) {
      String v = field.strip().toLowerCase(java.util.Locale.ROOT);
      if (!v.isEmpty() && values.contains(v)) {
        return true;
      }
      // Phone numbers are stored as digits: compare a field's digits too.
      String digits = dev.rapport.core.Identifier.normalise("phone", v);
      if (digits.length() > 3 && values.contains(digits)) {
        return true;
      }
    }
    return false;
  }

  /** The API's rejected items that name one of {@code ids} (for an export). */
  synchronized List<String> mentioning(java.util.Collection<dev.rapport.core.Identifier> ids) {
    java.util.Set<String> values = values(ids);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> mentions(l, values))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  synchronized void write(String requestId, String keyId, List<EventJson.Rejected> items) {
    StringBuilder b = new StringBuilder();
    String at = Instant.now().toString();
    try {
      for (EventJson.Rejected r : items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at);
        m.put("request_id", requestId);
        m.put("key_id", keyId);
        m.put("errors", r.errors());
        m.put("item", r.raw());
        b.append(JSON.writeValueAsString(m)).append('\n');
      }
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rejects log " + file, e);
    }
  }
}
