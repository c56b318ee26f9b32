package dev.rapport.io.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.core.Identifier;
import dev.rapport.core.identity.IdentityRules;
import dev.rapport.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workspace's {@code identity-rules.jsonl}: the merges and splits decided by hand, one rule a
 * line, {@code {"rule": "merge"|"apart", "a": "type:value", "b": "type:value", "at": ISO-8601,
 * "by": who, "reason": why}}. The server rewrites it whole (atomically) when a merge or an unmerge
 * changes the rules; {@code rapport analyze} and {@code rapport serve} read it, so the batch report
 * and the live customers honour the same decisions.
 */
public final class IdentityRulesFile {
  public static final String FILE_NAME = "identity-rules.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("rule", "a", "b", "at", "by", "reason");

  private IdentityRulesFile() {}

  /**
   * The rules in {@code file}; none when it does not exist.
   *
   * @throws ConfigException naming the file, line, field and value of the first bad rule
   */
  public static IdentityRules load(Path file) {
    if (!Files.exists(file)) {
      return IdentityRules.NONE;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return parse(lines, file);
  }

  /**
   * The rules in the lines of a rules file, read as {@link #load} reads the file: for a process
   * that carries the text rather than the file (the Flink job ships it to its task managers).
   *
   * @param file the file the lines came from, named in errors
   */
  public static IdentityRules parse(List<String> lines, Path file) {
    List<IdentityRules.Rule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rules.add(rule(file, i + 1, lines.get(i)));
      }
    }
    return new IdentityRules(rules);
  }

  private static IdentityRules.Rule rule(Path file, int line, String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(file, line, "-", text, "each line must be one JSON object");
    }
    if (n == null || !n.isObject()) {
      throw bad(file, line, "-", text, "each line must be one JSON object");
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw bad(file, line, f, n.get(f).toString(), "unknown field; expected " + FIELDS);
      }
    }
    IdentityRules.Type type;
    try {
      type = IdentityRules.Type.parse(text(file, line, n, "rule"));
    } catch (IllegalArgumentException e) {
      throw bad(file, line, "rule", n.get("rule").asText(), "must be merge or apart");
    }
    Identifier a = identifier(file, line, n, "a");
    Identifier b = identifier(file, line, n, "b");
    if (a.equals(b)) {
      throw bad(file, line, "b", b.toString(), "must differ from a");
    }
    Instant at;
    try {
      at = Instant.parse(text(file, line, n, "at"));
    } catch (DateTimeParseException e) {
      throw bad(file, line, "at", n.get("at").asText(), "must be an ISO-8601 instant");
    }
    return new IdentityRules.Rule(
        type, a, b, at, n.path("by").asText(""), n.path("reason").asText(""));
  }

  private static String text(Path file, int line, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(file, line, field, v == null ? "" : v.toString(), "required text");
    }
    return v.asText();
  }

  private static Identifier identifier(Path file, int line, JsonNode n, String field) {
    String v = text(file, line, n, field);
    try {
      return Identifier.parse(v);
    } catch (IllegalArgumentException e) {
      throw bad(file, line, field, v, "must be type:value with a usable value");
    }
  }

  private static ConfigException bad(Path file, int line, String field, String value, String rule) {
    return new ConfigException(
        file + " line " + line + ", field " + field + ", value '" + value + "': " + rule);
  }

  /** Rewrites {@code file} with {@code rules}, atomically. */
  public static void write(Path file, IdentityRules rules) {
    List<String> lines = new ArrayList<>(rules.rules().size());
    for (IdentityRules.Rule r : rules.rules()) {
      lines.add(json(r).toString());
    }
    AtomicFiles.write(file, lines);
  }

  /** One rule as a line of the file reads it (and as the server's API shows it). */
  public static ObjectNode json(IdentityRules.Rule r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("rule", r.type().id());
    o.put("a", r.a().toString());
    o.put("b", r.b().toString());
    o.put("at", r.at().toString());
    o.put("by", r.by());
    o.put("reason", r.reason());
    return o;
  }
}
