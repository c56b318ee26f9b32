package dev.rapport.analytics.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rapport.analytics.segment.ProfileFields;
import dev.rapport.analytics.segment.RuleException;
import dev.rapport.analytics.segment.SegmentRule;
import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.lifecycle.Stage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code triggers:} section of {@code rapport.yaml}. A mistake names the file, the key,
 * the value and the rule, as every configuration error does.
 *
 * <pre>
 * triggers:
 *   win_back:
 *     on: stage                    # stage | event | silence
 *     stage: disengaged            # on: stage -- entered stage; absent: any change
 *     kind: complaint              # on: event -- event kind; absent: any
 *     channel: email               # on: event -- channel; absent: any
 *     days: 14                     # on: silence -- days without an inbound interaction
 *     when: 'net_revenue >= 200'   # optional segment rule
 *     webhook: https://crm.example.com/hooks/rapport
 *     secret: s3cret               # optional: HMAC-SHA256 signature header
 *     attempts: 6                  # optional, default 6
 *     backoff: 2s                  # optional, default 2s, doubling
 * </pre>
 */
public final class TriggerRules {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS =
      Set.of(
          "on",
          "stage",
          "kind",
          "channel",
          "days",
          "when",
          "webhook",
          "secret",
          "attempts",
          "backoff");

  private TriggerRules() {}

  /** The rules of a workspace's {@code rapport.yaml}; empty when it has no triggers. */
  public static List<TriggerRule> load(Path yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(yaml));
    } catch (IOException e) {
      throw new IllegalArgumentException(yaml + ": cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.has("triggers") || root.get("triggers").isNull()) {
      return List.of();
    }
    return parse(root.get("triggers"), yaml.toString());
  }

  /**
   * The rules of a {@code rapport.yaml} given as text (the Flink job carries the file's text to its
   * task managers); empty when it has no triggers.
   *
   * @param file the file the text came from, named in errors
   */
  public static List<TriggerRule> parse(String yaml, String file) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.has("triggers") || root.get("triggers").isNull()) {
      return List.of();
    }
    return parse(root.get("triggers"), file);
  }

  static List<TriggerRule> parse(JsonNode triggers, String file) {
    if (!triggers.isObject()) {
      throw error(file, "triggers", triggers.toString(), "must be a map of trigger name to rule");
    }
    List<TriggerRule> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = triggers.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(rule(e.getKey(), e.getValue(), file));
    }
    return out;
  }

  private static TriggerRule rule(String name, JsonNode n, String file) {
    String at = "triggers." + name;
    if (!n.isObject()) {
      throw error(file, at, n.toString(), "must be a map with on: and webhook:");
    }
    n.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                throw error(
                    file, at + "." + k, n.get(k).asText(), "unknown key; expected one of " + KEYS);
              }
            });
    String onText = required(n, "on", at, file);
    TriggerRule.On on;
    try {
      on = TriggerRule.On.valueOf(onText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw error(file, at + ".on", onText, "must be stage, event or silence");
    }
    Stage stage = null;
    Kind kind = null;
    Channel channel = null;
    Duration silence = null;
    try {
      if (n.has("stage")) {
        stage = Stage.parse(n.get("stage").asText());
      }
    } catch (IllegalArgumentException ex) {
      throw error(file, at + ".stage", n.get("stage").asText(), ex.getMessage());
    }
    try {
      if (n.has("kind")) {
        kind = Kind.parse(n.get("kind").asText());
      }
    } catch (IllegalArgumentException ex) {
      throw error(file, at + ".kind", n.get("kind").asText(), ex.getMessage());
    }
    try {
      if (n.has("channel")) {
        channel = Channel.parse(n.get("channel").asText());
      }
    } catch (IllegalArgumentException ex) {
      throw error(file, at + ".channel", n.get("channel").asText(), ex.getMessage());
    }
    if (on == TriggerRule.On.SILENCE) {
      String days = required(n, "days", at, file);
      double d;
      try {
        d = Double.parseDouble(days);
      } catch (NumberFormatException ex) {
        d = Double.NaN;
      }
      if (!(d > 0)) {
        throw error(file, at + ".days", days, "must be a number of days above 0");
      }
      silence = Duration.ofSeconds(Math.round(d * 86_400));
    }
    for (String k : new String[] {"stage", "kind", "channel", "days"}) {
      boolean fits =
          switch (k) {
            case "stage" -> on == TriggerRule.On.STAGE;
            case "kind", "channel" -> on == TriggerRule.On.EVENT;
            default -> on == TriggerRule.On.SILENCE;
          };
      if (n.has(k) && !fits) {
        throw error(file, at + "." + k, n.get(k).asText(), "does not apply to on: " + onText);
      }
    }
    SegmentRule when = null;
    if (n.has("when")) {
      try {
        when = SegmentRule.parse(n.get("when").asText(), ProfileFields.SCHEMA);
      } catch (RuleException ex) {
        throw error(file, at + ".when", n.get("when").asText(), ex.getMessage());
      }
    }
    String hook = required(n, "webhook", at, file);
    URI webhook;
    try {
      webhook = new URI(hook);
    } catch (URISyntaxException ex) {
      webhook = null;
    }
    if (webhook == null
        || webhook.getHost() == null
        || !("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))) {
      throw error(file, at + ".webhook", hook, "must be an http:// or https:// URL");
    }
    int attempts = n.has("attempts") ? n.get("attempts").asInt(-1) : 6;
    if (attempts < 1 || attempts > 50) {
      throw error(file, at + ".attempts", n.get("attempts").asText(), "must be from 1 to 50");
    }
    Duration backoff = Duration.ofSeconds(2);
    if (n.has("backoff")) {
      backoff = duration(n.get("backoff").asText());
      if (backoff == null || backoff.isNegative() || backoff.isZero()) {
        throw error(
            file,
            at + ".backoff",
            n.get("backoff").asText(),
            "must be a duration above 0 such as 500ms, 2s or 1m");
      }
    }
    String secret = n.has("secret") ? n.get("secret").asText() : null;
    return new TriggerRule(
        name, on, stage, kind, channel, silence, when, webhook, secret, attempts, backoff);
  }

  /** 500ms, 2s, 1m, 1h or ISO-8601; null when unreadable. */
  public static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(text.strip());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String required(JsonNode n, String key, String at, String file) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw error(file, at + "." + key, "", "required");
    }
    return v.asText();
  }

  private static IllegalArgumentException error(
      String file, String key, String value, String rule) {
    return new IllegalArgumentException(
        file + ": " + key + " value '" + value + "' breaks rule '" + rule + "'");
  }
}
