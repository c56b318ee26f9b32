package dev.rapport.server;

import com.fasterxml.jackson.databind.ObjectMapper;
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
