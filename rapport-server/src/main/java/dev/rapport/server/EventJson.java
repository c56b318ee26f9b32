package dev.rapport.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rapport.core.Interaction;
import dev.rapport.io.InteractionJson;
import dev.rapport.io.ItemError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch of events sent to {@code POST /v1/events}: a JSON array of objects, or JSON Lines
 * (one object per line). Every item is checked on its own; a bad item becomes an {@link ItemError}
 * naming its index, line, field, value and rule, and the others go on. Only a body that is not JSON
 * at all, or an array that breaks off, fails the whole request.
 *
 * <p>An item is the canonical interaction (DESIGN §5):
 *
 * <pre>{@code
 * {"event_id": "e-1", "ts": "2026-01-31T09:15:00Z", "channel": "email", "kind": "touch",
 *  "outcome": "engaged", "identifiers": {"email": "ann@example.com", "customer_id": "42"},
 *  "campaign": "spring", "variant": "a", "holdout": false, "value": 0, "cost": 0.01,
 *  "score": 9, "text": "…", "attributes": {"sku": "A-1"}}
 * }</pre>
 *
 * Each item's rules are {@link InteractionJson}'s, which the Flink job's Kafka source reads with
 * too; this class frames a body into items and enforces the batch limit.
 */
final class EventJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * A parsed batch.
   *
   * @param events the valid items, in body order
   * @param errors the invalid items' errors, in body order (an item may have several)
   * @param rejected the raw text of each invalid item with its first error, for the rejects log
   * @param read how many items the body held
   */
  record Parsed(
      List<Interaction> events, List<ItemError> errors, List<Rejected> rejected, int read) {}

  /** An invalid item as sent, with every error it had. */
  record Rejected(String raw, List<ItemError> errors) {}

  private EventJson() {}

  /**
   * Parses a body.
   *
   * @param maxItems more items than this fail the request (413)
   * @throws ApiException 400 when the body is not a JSON array or JSON Lines, 413 when it holds
   *     more than {@code maxItems} items
   */
  static Parsed parse(byte[] body, int maxItems) {
    int first = 0;
    while (first < body.length && Character.isWhitespace(body[first])) {
      first++;
    }
    if (first == body.length) {
      throw new ApiException(
          400, "empty_body", "the body is empty; send a JSON array of events or JSON Lines");
    }
    if (body[first] == '[') {
      return array(body, maxItems);
    }
    Parsed fast = linesOneParser(body, maxItems);
    return fast != null ? fast : lines(body, maxItems);
  }

  /**
   * JSON Lines read with one parser over the whole body (a parser per line cost more than the
   * items); null when the body needs the line-by-line reading: a malformed line, or two values on
   * one line, which only that reading reports item by item.
   */
  private static Parsed linesOneParser(byte[] body, int maxItems) {
    Batch batch = new Batch(maxItems);
    try (JsonParser p = JSON.createParser(body)) {
      long lastLine = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        long line = p.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT || line == lastLine) {
          return null;
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        int index = batch.next();
        List<ItemError> errors = new ArrayList<>();
        Interaction e = InteractionJson.item(p, index, line, errors);
        lastLine = p.currentLocation().getLineNr();
        batch.add(e, errors, body, start, (int) p.currentLocation().getByteOffset());
      }
    } catch (IOException ex) {
      return null;
    }
    return batch.done();
  }

  private static Parsed array(byte[] body, int maxItems) {
    Batch batch = new Batch(maxItems);
    try (JsonParser p = JSON.createParser(body)) {
      p.nextToken(); // START_ARRAY
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new ApiException(
              400, "malformed_json", "the JSON array is not closed: the body ends inside it");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        long line = p.currentTokenLocation().getLineNr();
        int index = batch.next();
        List<ItemError> errors = new ArrayList<>();
        Interaction e = null;
        if (t == JsonToken.START_OBJECT) {
          e = InteractionJson.item(p, index, line, errors);
        } else {
          p.skipChildren();
          errors.add(ItemError.of(index, line, "", p.getText(), "an item must be a JSON object"));
        }
        int end = (int) p.currentLocation().getByteOffset();
        batch.add(e, errors, body, start, end);
      }
      if (p.nextToken() != null) {
        throw new ApiException(
            400,
            "malformed_json",
            "unexpected content after the JSON array at line "
                + p.currentTokenLocation().getLineNr());
      }
    } catch (JsonParseException ex) {
      throw new ApiException(
          400,
          "malformed_json",
          "the body is not valid JSON at line "
              + ex.getLocation().getLineNr()
              + ", column "
              + ex.getLocation().getColumnNr()
              + ": "
              + ex.getOriginalMessage());
    } catch (IOException ex) {
      throw new ApiException(400, "malformed_json", "the body cannot be read: " + ex.getMessage());
    }
    return batch.done();
  }

  private static Parsed lines(byte[] body, int maxItems) {
    Batch batch = new Batch(maxItems);
    int start = 0;
    long line = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      line++;
      int s = start;
      start = end + 1;
      if (isBlank(body, s, end)) {
        continue;
      }
      int index = batch.next();
      List<ItemError> errors = new ArrayList<>();
      Interaction e = null;
      try (JsonParser p = JSON.createParser(body, s, end - s)) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
          errors.add(
              ItemError.of(
                  index,
                  line,
                  "",
                  new String(body, s, end - s, StandardCharsets.UTF_8),
                  "a line must hold one JSON object"));
        } else {
          e = InteractionJson.item(p, index, line, errors);
          if (p.nextToken() != null) {
            errors.add(ItemError.of(index, line, "", "", "a line must hold one JSON object only"));
            e = null;
          }
        }
      } catch (IOException ex) {
        errors.clear();
        errors.add(
            ItemError.of(
                index,
                line,
                "",
                new String(body, s, end - s, StandardCharsets.UTF_8),
                "malformed JSON: " + firstLine(ex.getMessage())));
        e = null;
      }
      batch.add(e, errors, body, s, end);
    }
    return batch.done();
  }

  private static String firstLine(String m) {
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** Collects the items of one body. */
  private static final class Batch {
    final int max;
    final List<Interaction> events = new ArrayList<>();
    final List<ItemError> errors = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    int read;

    Batch(int max) {
      this.max = max;
    }

    int next() {
      if (read == max) {
        throw new ApiException(
            413,
            "batch_too_large",
            "the batch holds more than " + max + " events; send at most " + max + " per request");
      }
      return read++;
    }

    void add(Interaction e, List<ItemError> itemErrors, byte[] body, int from, int to) {
      if (itemErrors.isEmpty() && e != null) {
        events.add(e);
        return;
      }
      errors.addAll(itemErrors);
      rejected.add(
          new Rejected(new String(body, from, to - from, StandardCharsets.UTF_8), itemErrors));
    }

    Parsed done() {
      return new Parsed(events, errors, rejected, read);
    }
  }
}
