package dev.rapport.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as plain maps, lists and scalars that remember their line, so that a mapping
 * error can point at the line the user has to change. Jackson's tree model drops locations, so this
 * reads the token stream itself.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  /** A node of the document; {@link #line()} is 1-based. */
  sealed interface Node permits Scalar, MapNode, ListNode {
    int line();

    /** How the node is described in an error: "a mapping", "a list", "'text'". */
    String describe();
  }

  /** A scalar; {@code text} is null for YAML null ({@code ~} or nothing). */
  record Scalar(String text, int line) implements Node {
    @Override
    public String describe() {
      return text == null ? "empty" : "'" + text + "'";
    }
  }

  record Entry(String key, int line, Node value) {}

  record MapNode(Map<String, Entry> entries, int line) implements Node {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record ListNode(List<Node> items, int line) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** Parses one YAML document; null when the document is empty. */
  static Node parse(String text, String origin) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      Node root = read(p, t, origin);
      if (p.nextToken() != null) {
        throw new MappingException(
            origin, line(p), "", "holds more than one YAML document; a mapping is one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new MappingException(
          origin, line, "", "is not valid YAML: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new MappingException(origin, 0, "", "cannot be read: " + e.getMessage(), e);
    }
  }

  private static Node read(JsonParser p, JsonToken t, String origin) throws IOException {
    int line = line(p);
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Entry> entries = new LinkedHashMap<>();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            Node value = read(p, p.nextToken(), origin);
            if (entries.containsKey(key)) {
              throw new MappingException(
                  origin,
                  keyLine,
                  key,
                  "is given twice (first on line " + entries.get(key).line() + ")");
            }
            entries.put(key, new Entry(key, keyLine, value));
          }
          return new MapNode(Collections.unmodifiableMap(entries), line);
        }
      case START_ARRAY:
        {
          List<Node> items = new ArrayList<>();
          JsonToken i;
          while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(read(p, i, origin));
          }
          return new ListNode(List.copyOf(items), line);
        }
      case VALUE_NULL:
        return new Scalar(null, line);
      default:
        return new Scalar(p.getText(), line);
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
