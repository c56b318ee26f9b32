package dev.rapport.io.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rapport.core.Channel;
import dev.rapport.core.config.ChannelSettings;
import dev.rapport.core.config.IdentitySettings;
import dev.rapport.core.config.PeriodUnit;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.config.ScoreSettings;
import dev.rapport.core.config.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code rapport.yaml}. {@link #render} spells out every default with a comment
 * saying what it does, so a user can read and change it; {@link #load} starts from the defaults,
 * applies what the file sets, and refuses unknown keys (a misspelt key would otherwise be ignored
 * silently) with an error naming the file, the key path, the value and the rule.
 */
public final class WorkspaceConfig {
  public static final String FILE_NAME = "rapport.yaml";
  private static final YAMLMapper YAML = new YAMLMapper();

  private WorkspaceConfig() {}

  /** Loads a workspace's configuration; a missing file means all defaults. */
  public static RapportConfig load(Path file) {
    if (!Files.exists(file)) {
      return RapportConfig.defaults();
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return RapportConfig.defaults();
    }
    return new Reader(file).read(root);
  }

  /** The whole configuration as commented YAML. */
  public static String render(RapportConfig c) {
    StringBuilder y = new StringBuilder();
    y.append("# Rapport workspace configuration. Every setting is written out with its default;\n");
    y.append(
        "# change what you need. Durations are ISO-8601 (P3D, PT1H) or short (3d, 1h, 30m).\n\n");
    y.append("# Business time zone: purchase days and --as-of dates are taken in it.\n");
    y.append("timezone: ").append(c.zone().getId()).append('\n');
    y.append("# Currency of values and costs, for display.\n");
    y.append("currency: ").append(c.currency()).append("\n\n");
    y.append("clv:\n");
    y.append("  # Unit of recency and T (the BG/NBD inputs): days, weeks, months or years.\n");
    y.append("  time_unit: ").append(c.clvUnit().id()).append("\n\n");
    y.append("# Touches within this window before the snapshot count as contact pressure.\n");
    y.append("contact_pressure_window: ")
        .append(duration(c.contactPressureWindow()))
        .append("\n\n");
    y.append("# The per-channel response rate is (engaged + engaged_prior) /\n");
    y.append(
        "# (engaged + ignored + engaged_prior + ignored_prior), so one touch cannot make 0% or 100%.\n");
    y.append("response_rate_prior:\n");
    y.append("  engaged: ").append(c.responsePriorEngaged()).append('\n');
    y.append("  ignored: ").append(c.responsePriorIgnored()).append("\n\n");
    y.append(
        "# A touch with no engaged response on its channel within response_window is unengaged.\n");
    y.append("# cost_per_touch is what one touch costs to send or make.\n");
    y.append("channels:\n");
    for (Channel ch : Channel.values()) {
      ChannelSettings s = c.channel(ch);
      y.append("  ")
          .append(ch.id())
          .append(": {response_window: ")
          .append(duration(s.responseWindow()))
          .append(", cost_per_touch: ")
          .append(s.costPerTouch())
          .append("}\n");
    }
    y.append(
        "\n# Engagement score 0-100: each interaction adds its signal's weight, halving every\n");
    y.append(
        "# half_life; the decayed sum maps to 100 * (1 - exp(-sum / scale)), 0 when negative.\n");
    y.append("score:\n");
    y.append("  half_life: ").append(duration(c.score().halfLife())).append('\n');
    y.append("  scale: ").append(c.score().scale()).append('\n');
    y.append("  weights:\n");
    for (Signal s : Signal.values()) {
      y.append("    ").append(s.id()).append(": ").append(c.score().weight(s)).append('\n');
    }
    IdentitySettings id = c.identity();
    y.append(
        "\n# Identity resolution. A customer is named by its identifier of the first type in\n");
    y.append(
        "# priority; max_per_customer refuses links that would give a customer more identifiers\n");
    y.append("# of a type; blocklisted values (junk) never link anyone.\n");
    y.append("identity:\n");
    y.append("  priority: [").append(String.join(", ", id.priority())).append("]\n");
    y.append("  max_per_customer:\n");
    id.priority()
        .forEach(t -> y.append("    ").append(t).append(": ").append(id.limit(t)).append('\n'));
    id.maxPerCustomer().keySet().stream()
        .filter(t -> !id.priority().contains(t))
        .sorted()
        .forEach(t -> y.append("    ").append(t).append(": ").append(id.limit(t)).append('\n'));
    y.append("  blocklist:\n");
    id.blocklist().stream()
        .sorted()
        .forEach(v -> y.append("    - \"").append(v.replace("\"", "\\\"")).append("\"\n"));
    return y.toString();
  }

  /** ISO-8601 for what the short form cannot say exactly; the short form otherwise. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() == 0 && s % 86_400 == 0) {
      return "P" + (s / 86_400) + "D";
    }
    return d.toString();
  }

  /** Parses "P3D", "PT1H", "3d", "12h", "30m", "45s". */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.length() > 1 && Character.isDigit(t.charAt(0))) {
      char unit = Character.toLowerCase(t.charAt(t.length() - 1));
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      switch (unit) {
        case 'd':
          return Duration.ofDays(n);
        case 'h':
          return Duration.ofHours(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 's':
          return Duration.ofSeconds(n);
        default:
          break;
      }
    }
    return Duration.parse(t.toUpperCase(Locale.ROOT));
  }

  /** One pass over the tree with the file name and key path at hand for errors. */
  private static final class Reader {
    private final Path file;

    Reader(Path file) {
      this.file = file;
    }

    RapportConfig read(JsonNode root) {
      RapportConfig d = RapportConfig.defaults();
      object(
          root,
          "",
          "timezone",
          "currency",
          "clv",
          "contact_pressure_window",
          "response_rate_prior",
          "channels",
          "score",
          "identity");
      ZoneId zone = d.zone();
      if (root.has("timezone")) {
        String z = text(root.get("timezone"), "timezone");
        try {
          zone = ZoneId.of(z);
        } catch (DateTimeException e) {
          throw error("timezone", z, "must be a time zone id such as UTC or Europe/London");
        }
      }
      String currency =
          root.has("currency") ? text(root.get("currency"), "currency") : d.currency();
      PeriodUnit unit = d.clvUnit();
      if (root.has("clv")) {
        JsonNode clv = object(root.get("clv"), "clv", "time_unit");
        if (clv.has("time_unit")) {
          String u = text(clv.get("time_unit"), "clv.time_unit");
          try {
            unit = PeriodUnit.parse(u);
          } catch (IllegalArgumentException e) {
            throw error("clv.time_unit", u, "must be days, weeks, months or years");
          }
        }
      }
      Duration pressure =
          root.has("contact_pressure_window")
              ? duration(root.get("contact_pressure_window"), "contact_pressure_window")
              : d.contactPressureWindow();
      double priorEngaged = d.responsePriorEngaged();
      double priorIgnored = d.responsePriorIgnored();
      if (root.has("response_rate_prior")) {
        JsonNode p =
            object(root.get("response_rate_prior"), "response_rate_prior", "engaged", "ignored");
        if (p.has("engaged")) {
          priorEngaged = number(p.get("engaged"), "response_rate_prior.engaged", 0);
        }
        if (p.has("ignored")) {
          priorIgnored = number(p.get("ignored"), "response_rate_prior.ignored", 0);
        }
      }
      Map<Channel, ChannelSettings> channels = new EnumMap<>(d.channels());
      if (root.has("channels")) {
        JsonNode chs = object(root.get("channels"), "channels", channelIds());
        for (Iterator<String> it = chs.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          Channel ch = Channel.parse(name);
          String path = "channels." + name;
          JsonNode n = object(chs.get(name), path, "response_window", "cost_per_touch");
          ChannelSettings base = channels.get(ch);
          Duration window =
              n.has("response_window")
                  ? duration(n.get("response_window"), path + ".response_window")
                  : base.responseWindow();
          double cost =
              n.has("cost_per_touch")
                  ? number(n.get("cost_per_touch"), path + ".cost_per_touch", 0)
                  : base.costPerTouch();
          channels.put(ch, new ChannelSettings(window, cost));
        }
      }
      ScoreSettings score = d.score();
      if (root.has("score")) {
        JsonNode s = object(root.get("score"), "score", "half_life", "scale", "weights");
        Duration halfLife =
            s.has("half_life") ? duration(s.get("half_life"), "score.half_life") : score.halfLife();
        if (halfLife.isZero()) {
          throw error("score.half_life", halfLife.toString(), "must be positive");
        }
        double scale = s.has("scale") ? number(s.get("scale"), "score.scale", 1e-9) : score.scale();
        Map<Signal, Double> weights = new EnumMap<>(score.weights());
        if (s.has("weights")) {
          JsonNode w = object(s.get("weights"), "score.weights", signalIds());
          for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Signal sig = Signal.valueOf(name.toUpperCase(Locale.ROOT));
            weights.put(
                sig, number(w.get(name), "score.weights." + name, Double.NEGATIVE_INFINITY));
          }
        }
        score = new ScoreSettings(halfLife, weights, scale);
      }
      IdentitySettings identity = d.identity();
      if (root.has("identity")) {
        JsonNode n =
            object(root.get("identity"), "identity", "priority", "max_per_customer", "blocklist");
        List<String> priority =
            n.has("priority")
                ? strings(n.get("priority"), "identity.priority")
                : identity.priority();
        Map<String, Integer> limits = new LinkedHashMap<>(identity.maxPerCustomer());
        if (n.has("max_per_customer")) {
          JsonNode m = object(n.get("max_per_customer"), "identity.max_per_customer");
          for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String type = it.next();
            double v = number(m.get(type), "identity.max_per_customer." + type, 1);
            if (v != Math.rint(v)) {
              throw error(
                  "identity.max_per_customer." + type,
                  m.get(type).asText(),
                  "must be a whole number");
            }
            limits.put(type, (int) v);
          }
        }
        Set<String> blocklist =
            n.has("blocklist")
                ? new LinkedHashSet<>(strings(n.get("blocklist"), "identity.blocklist"))
                : identity.blocklist();
        identity = new IdentitySettings(priority, limits, blocklist);
      }
      try {
        return new RapportConfig(
            zone, currency, channels, score, identity, unit, pressure, priorEngaged, priorIgnored);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }

    private String[] channelIds() {
      return java.util.Arrays.stream(Channel.values()).map(Channel::id).toArray(String[]::new);
    }

    private String[] signalIds() {
      return java.util.Arrays.stream(Signal.values()).map(Signal::id).toArray(String[]::new);
    }

    /** Checks that a node is a mapping whose keys are all allowed (none listed: any key). */
    private JsonNode object(JsonNode n, String path, String... allowed) {
      if (!n.isObject()) {
        throw error(path.isEmpty() ? "(top level)" : path, n.toString(), "must be a mapping");
      }
      if (allowed.length > 0) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = ((ObjectNode) n).fieldNames(); it.hasNext(); ) {
          String key = it.next();
          if (!ok.contains(key)) {
            throw error(
                path.isEmpty() ? key : path + "." + key,
                key,
                "unknown key; expected one of "
                    + java.util.Arrays.stream(allowed).sorted().collect(Collectors.joining(", ")));
          }
        }
      }
      return n;
    }

    private String text(JsonNode n, String path) {
      if (!n.isValueNode()) {
        throw error(path, n.toString(), "must be a single value");
      }
      return n.asText();
    }

    private double number(JsonNode n, String path, double min) {
      if (!n.isNumber()) {
        throw error(path, n.asText(), "must be a number");
      }
      double v = n.asDouble();
      if (!Double.isFinite(v) || v < min) {
        throw error(path, n.asText(), "must be a finite number >= " + min);
      }
      return v;
    }

    private Duration duration(JsonNode n, String path) {
      String t = text(n, path);
      try {
        Duration d = parseDuration(t);
        if (d.isNegative()) {
          throw error(path, t, "must not be negative");
        }
        return d;
      } catch (RuntimeException e) {
        if (e instanceof ConfigException) {
          throw e;
        }
        throw error(path, t, "must be a duration such as P3D, PT1H, 3d, 12h or 30m");
      }
    }

    private List<String> strings(JsonNode n, String path) {
      if (!n.isArray()) {
        throw error(path, n.toString(), "must be a list");
      }
      List<String> out = new ArrayList<>();
      n.forEach(v -> out.add(text(v, path)));
      return out;
    }

    private ConfigException error(String path, String value, String rule) {
      return new ConfigException(file + ": " + path + " = '" + value + "' " + rule);
    }
  }
}
