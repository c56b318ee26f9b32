package dev.rapport.io.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.config.ChannelSettings;
import dev.rapport.core.config.ClvSettings;
import dev.rapport.core.config.ContactSettings;
import dev.rapport.core.config.IdentitySettings;
import dev.rapport.core.config.KpiSettings;
import dev.rapport.core.config.LifecycleSettings;
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
    return read(file, root);
  }

  /**
   * Reads a configuration from its text, as {@link #load} reads the file: for a process that
   * carries the text rather than the file (the Flink job ships it to its task managers).
   *
   * @param file the file the text came from, named in errors
   */
  public static RapportConfig parse(String yaml, Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    return read(file, root);
  }

  private static RapportConfig read(Path file, JsonNode root) {
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
    y.append("  time_unit: ").append(c.clvUnit().id()).append('\n');
    y.append("  # Months of future value in clv (customers.csv: clv_12m for 12).\n");
    y.append("  horizon_months: ").append(c.clv().horizonMonths()).append('\n');
    y.append("  # Discount per month: a purchase next year counts less than one today.\n");
    y.append("  monthly_discount: ").append(c.clv().monthlyDiscount()).append('\n');
    y.append("  # Share of revenue that is profit; 1 counts revenue as value.\n");
    y.append("  margin: ").append(c.clv().margin()).append('\n');
    y.append(
        "  # What handling one support ticket costs (agent time): part of the cost to serve.\n");
    y.append("  cost_per_ticket: ").append(c.clv().costPerTicket()).append("\n\n");
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
    renderLifecycle(y, c.lifecycle());
    renderContact(y, c.contact());
    renderKpi(y, c.kpi());
    y.append("\n# Segments: a name and a rule over customer fields (docs/SEGMENTS.md), e.g.\n");
    y.append("# stage, revenue, purchases, days_since_last_seen, rfm_segment, engagement_score.\n");
    y.append("# Each customer's segments are listed in out/customers.csv.\n");
    y.append("segments:");
    if (c.segments().isEmpty()) {
      y.append(" {}");
    }
    y.append('\n');
    c.segments()
        .forEach(
            (name, rule) ->
                y.append("  ")
                    .append(name)
                    .append(": '")
                    .append(rule.replace("'", "''"))
                    .append("'\n"));
    y.append('\n');
    y.append(
        "# Triggers of rapport serve (docs/SERVER.md): when a customer enters a stage, when an\n");
    y.append(
        "# event of a kind arrives, or after N days without a response from them, POST to a\n");
    y.append(
        "# webhook; failed deliveries are retried with backoff, then dead-lettered. Example:\n");
    y.append("# triggers:\n");
    y.append("#   win_back:\n");
    y.append("#     on: stage             # stage, event or silence\n");
    y.append(
        "#     stage: disengaged     # on: stage -- the stage entered (any change when absent)\n");
    y.append("#     when: 'net_revenue >= 200'   # optional, a segment rule\n");
    y.append("#     webhook: https://crm.example.com/hooks/rapport\n");
    y.append("#   quiet:\n");
    y.append("#     on: silence\n");
    y.append("#     days: 14\n");
    y.append("#     webhook: https://crm.example.com/hooks/quiet\n");
    return y.toString();
  }

  private static void renderKpi(StringBuilder y, KpiSettings k) {
    y.append("\n# KPIs (docs/KPIS.md). A CSAT answer at or above csat_satisfied_at_least is\n");
    y.append(
        "# satisfied (4 of 5: satisfied or very satisfied). A funnel counts the customers who\n");
    y.append(
        "# go through its steps (event kinds) in order, every step within window of the first.\n");
    y.append("kpi:\n");
    y.append("  csat_satisfied_at_least: ").append(k.csatSatisfiedAtLeast()).append('\n');
    y.append("  funnels:\n");
    for (KpiSettings.Funnel f : k.funnels()) {
      y.append("    ")
          .append(f.name())
          .append(": {steps: [")
          .append(f.steps().stream().map(Kind::id).collect(Collectors.joining(", ")))
          .append("], window: ")
          .append(duration(f.window()))
          .append("}\n");
    }
    y.append("  # A journey toward a purchase lasts this long from its first touchpoint\n");
    y.append("  # (docs/JOURNEYS.md): the look-back of the attribution models.\n");
    y.append("  journey_window: ").append(duration(k.journeyWindow())).append('\n');
    y.append("  # The attribute of a referral event naming whom it referred (type:value or a\n");
    y.append("  # customer id): the edges of the referral graph.\n");
    y.append("  referred_attribute: ").append(k.referredAttribute()).append('\n');
  }

  private static void renderContact(StringBuilder y, ContactSettings c) {
    y.append("\n# When not to engage: the next best action never exceeds a cap, never uses a\n");
    y.append("# channel without consent and never schedules in the quiet hours (local time).\n");
    y.append("contact:\n");
    y.append("  # Caps count touches within cap_window, per channel and over all channels.\n");
    y.append("  cap_window: ").append(duration(c.capWindow())).append('\n');
    y.append("  cap_overall: ").append(c.capOverall()).append('\n');
    y.append("  caps:\n");
    for (Channel ch : Channel.values()) {
      y.append("    ").append(ch.id()).append(": ").append(c.cap(ch)).append('\n');
    }
    y.append("  quiet_hours: {from: ")
        .append(c.quietFrom())
        .append(", to: ")
        .append(c.quietTo())
        .append("}\n");
    y.append("  # true: only channels with a consent grant; false: channels the customer was\n");
    y.append("  # reached or active on, unless they unsubscribed or withdrew consent.\n");
    y.append("  require_explicit_consent: ").append(c.requireExplicitConsent()).append('\n');
    y.append("  # Touches ignored in a row after which the customer is left to rest (0: off).\n");
    y.append("  fatigue_streak: ").append(c.fatigueStreak()).append('\n');
    y.append("  # Share of engaged responses expected to end in a purchase (weighs cost).\n");
    y.append("  purchase_share_of_responses: ").append(c.purchaseShareOfResponses()).append('\n');
  }

  private static void renderLifecycle(StringBuilder y, LifecycleSettings l) {
    y.append(
        "\n# Lifecycle stages. A customer climbs to the highest stage they qualify for (stages\n");
    y.append(
        "# can be skipped) and falls to disengaged or churned from any stage; engaged activity\n");
    y.append("# after a fall is a reactivation. Scores: CSAT 1-5, NPS 0-10, reviews 1-5 stars.\n");
    y.append("lifecycle:\n");
    y.append("  # The first event of one of these kinds activates a customer.\n");
    y.append("  activation: {kinds: [")
        .append(
            l.activation().kinds().stream()
                .sorted()
                .map(Kind::id)
                .collect(Collectors.joining(", ")))
        .append("]}\n");
    y.append("  # min_engaged engaged interactions within the window.\n");
    y.append("  engagement: {min_engaged: ")
        .append(l.engagement().minEngaged())
        .append(", within: ")
        .append(duration(l.engagement().within()))
        .append("}\n");
    y.append("  # A good CSAT or NPS answer, or a resolved ticket, within the window.\n");
    LifecycleSettings.Satisfaction sat = l.satisfaction();
    y.append("  satisfaction: {csat_at_least: ")
        .append(sat.csatAtLeast())
        .append(", nps_at_least: ")
        .append(sat.npsAtLeast())
        .append(", ticket_resolved: ")
        .append(sat.ticketResolved())
        .append(", within: ")
        .append(duration(sat.within()))
        .append("}\n");
    y.append("  # Purchases on at least min_purchase_days days, over at least min_tenure.\n");
    y.append("  loyalty: {min_purchase_days: ")
        .append(l.loyalty().minPurchaseDays())
        .append(", min_tenure: ")
        .append(duration(l.loyalty().minTenure()))
        .append("}\n");
    y.append("  # A promoter answer, a good review or a referral, within the window.\n");
    LifecycleSettings.Advocacy adv = l.advocacy();
    y.append("  advocacy: {nps_at_least: ")
        .append(adv.npsAtLeast())
        .append(", review_at_least: ")
        .append(adv.reviewAtLeast())
        .append(", referral: ")
        .append(adv.referral())
        .append(", within: ")
        .append(duration(adv.within()))
        .append("}\n");
    y.append(
        "  # Silence longer than silence_multiple x the customer's usual gap between engaged\n");
    y.append("  # days (default_gap until they have two; never less than min_silence), a run of\n");
    y.append("  # ignored_streak ignored touches (0: off), a detractor score or a complaint.\n");
    LifecycleSettings.Disengaged dis = l.disengaged();
    y.append("  disengaged:\n");
    y.append("    silence_multiple: ").append(dis.silenceMultiple()).append('\n');
    y.append("    min_silence: ").append(duration(dis.minSilence())).append('\n');
    y.append("    default_gap: ").append(duration(dis.defaultGap())).append('\n');
    y.append("    ignored_streak: ").append(dis.ignoredStreak()).append('\n');
    y.append("    csat_at_most: ").append(dis.csatAtMost()).append('\n');
    y.append("    nps_at_most: ").append(dis.npsAtMost()).append('\n');
    y.append("    review_at_most: ").append(dis.reviewAtMost()).append('\n');
    y.append("    complaint: ").append(dis.complaint()).append('\n');
    y.append("  # A cancellation, unsubscribing from every channel used, or long silence.\n");
    LifecycleSettings.Churned ch = l.churned();
    y.append("  churned: {inactivity: ")
        .append(duration(ch.inactivity()))
        .append(", cancel: ")
        .append(ch.cancel())
        .append(", unsubscribed_everywhere: ")
        .append(ch.unsubscribedEverywhere())
        .append("}\n");
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
          "identity",
          "lifecycle",
          "contact",
          "segments",
          "kpi",
          // Read by rapport serve only (TriggerRules in rapport-server).
          "triggers");
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
      ClvSettings clv = d.clv();
      if (root.has("clv")) {
        JsonNode n =
            object(
                root.get("clv"),
                "clv",
                "time_unit",
                "horizon_months",
                "monthly_discount",
                "margin",
                "cost_per_ticket");
        PeriodUnit unit = clv.unit();
        if (n.has("time_unit")) {
          String u = text(n.get("time_unit"), "clv.time_unit");
          try {
            unit = PeriodUnit.parse(u);
          } catch (IllegalArgumentException e) {
            throw error("clv.time_unit", u, "must be days, weeks, months or years");
          }
        }
        try {
          clv =
              new ClvSettings(
                  unit,
                  whole(n, "horizon_months", "clv", clv.horizonMonths(), 1),
                  num(n, "monthly_discount", "clv", clv.monthlyDiscount()),
                  num(n, "margin", "clv", clv.margin()),
                  num(n, "cost_per_ticket", "clv", clv.costPerTicket()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": " + e.getMessage(), e);
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
      LifecycleSettings lifecycle =
          root.has("lifecycle") ? lifecycle(root.get("lifecycle"), d.lifecycle()) : d.lifecycle();
      ContactSettings contact =
          root.has("contact") ? contact(root.get("contact"), d.contact()) : d.contact();
      Map<String, String> segments = d.segments();
      if (root.has("segments")) {
        JsonNode n = root.get("segments").isNull() ? YAML.createObjectNode() : root.get("segments");
        object(n, "segments");
        segments = new LinkedHashMap<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          segments.put(name, text(n.get(name), "segments." + name));
        }
      }
      KpiSettings kpi = root.has("kpi") ? kpi(root.get("kpi"), d.kpi()) : d.kpi();
      try {
        return new RapportConfig(
            zone,
            currency,
            channels,
            score,
            identity,
            clv,
            pressure,
            priorEngaged,
            priorIgnored,
            lifecycle,
            contact,
            segments,
            kpi);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }

    private LifecycleSettings lifecycle(JsonNode n, LifecycleSettings d) {
      String p = "lifecycle";
      object(
          n,
          p,
          "activation",
          "engagement",
          "satisfaction",
          "loyalty",
          "advocacy",
          "disengaged",
          "churned");
      try {
        LifecycleSettings.Activation activation = d.activation();
        if (n.has("activation")) {
          JsonNode a = object(n.get("activation"), p + ".activation", "kinds");
          if (a.has("kinds")) {
            Set<Kind> kinds = new LinkedHashSet<>();
            for (String k : strings(a.get("kinds"), p + ".activation.kinds")) {
              try {
                kinds.add(Kind.parse(k));
              } catch (IllegalArgumentException e) {
                throw error(p + ".activation.kinds", k, e.getMessage());
              }
            }
            activation = new LifecycleSettings.Activation(kinds);
          }
        }
        LifecycleSettings.Engagement eng = d.engagement();
        if (n.has("engagement")) {
          JsonNode e = object(n.get("engagement"), p + ".engagement", "min_engaged", "within");
          eng =
              new LifecycleSettings.Engagement(
                  whole(e, "min_engaged", p + ".engagement", eng.minEngaged(), 1),
                  dur(e, "within", p + ".engagement", eng.within()));
        }
        LifecycleSettings.Satisfaction sat = d.satisfaction();
        if (n.has("satisfaction")) {
          String q = p + ".satisfaction";
          JsonNode e =
              object(
                  n.get("satisfaction"),
                  q,
                  "csat_at_least",
                  "nps_at_least",
                  "ticket_resolved",
                  "within");
          sat =
              new LifecycleSettings.Satisfaction(
                  num(e, "csat_at_least", q, sat.csatAtLeast()),
                  num(e, "nps_at_least", q, sat.npsAtLeast()),
                  bool(e, "ticket_resolved", q, sat.ticketResolved()),
                  dur(e, "within", q, sat.within()));
        }
        LifecycleSettings.Loyalty loy = d.loyalty();
        if (n.has("loyalty")) {
          String q = p + ".loyalty";
          JsonNode e = object(n.get("loyalty"), q, "min_purchase_days", "min_tenure");
          loy =
              new LifecycleSettings.Loyalty(
                  whole(e, "min_purchase_days", q, loy.minPurchaseDays(), 2),
                  dur(e, "min_tenure", q, loy.minTenure()));
        }
        LifecycleSettings.Advocacy adv = d.advocacy();
        if (n.has("advocacy")) {
          String q = p + ".advocacy";
          JsonNode e =
              object(n.get("advocacy"), q, "nps_at_least", "review_at_least", "referral", "within");
          adv =
              new LifecycleSettings.Advocacy(
                  num(e, "nps_at_least", q, adv.npsAtLeast()),
                  num(e, "review_at_least", q, adv.reviewAtLeast()),
                  bool(e, "referral", q, adv.referral()),
                  dur(e, "within", q, adv.within()));
        }
        LifecycleSettings.Disengaged dis = d.disengaged();
        if (n.has("disengaged")) {
          String q = p + ".disengaged";
          JsonNode e =
              object(
                  n.get("disengaged"),
                  q,
                  "silence_multiple",
                  "min_silence",
                  "default_gap",
                  "ignored_streak",
                  "csat_at_most",
                  "nps_at_most",
                  "review_at_most",
                  "complaint");
          dis =
              new LifecycleSettings.Disengaged(
                  num(e, "silence_multiple", q, dis.silenceMultiple()),
                  dur(e, "min_silence", q, dis.minSilence()),
                  dur(e, "default_gap", q, dis.defaultGap()),
                  whole(e, "ignored_streak", q, dis.ignoredStreak(), 0),
                  num(e, "csat_at_most", q, dis.csatAtMost()),
                  num(e, "nps_at_most", q, dis.npsAtMost()),
                  num(e, "review_at_most", q, dis.reviewAtMost()),
                  bool(e, "complaint", q, dis.complaint()));
        }
        LifecycleSettings.Churned ch = d.churned();
        if (n.has("churned")) {
          String q = p + ".churned";
          JsonNode e =
              object(n.get("churned"), q, "inactivity", "cancel", "unsubscribed_everywhere");
          ch =
              new LifecycleSettings.Churned(
                  dur(e, "inactivity", q, ch.inactivity()),
                  bool(e, "cancel", q, ch.cancel()),
                  bool(e, "unsubscribed_everywhere", q, ch.unsubscribedEverywhere()));
        }
        return new LifecycleSettings(activation, eng, sat, loy, adv, dis, ch);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }

    private KpiSettings kpi(JsonNode n, KpiSettings d) {
      String p = "kpi";
      object(n, p, "csat_satisfied_at_least", "funnels", "journey_window", "referred_attribute");
      List<KpiSettings.Funnel> funnels = d.funnels();
      if (n.has("funnels")) {
        JsonNode fs = n.get("funnels").isNull() ? YAML.createObjectNode() : n.get("funnels");
        object(fs, p + ".funnels");
        funnels = new ArrayList<>();
        for (Iterator<String> it = fs.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          String q = p + ".funnels." + name;
          JsonNode f = object(fs.get(name), q, "steps", "window");
          if (!f.has("steps") || !f.has("window")) {
            throw error(q, f.toString(), "needs steps (a list of event kinds) and window");
          }
          List<Kind> steps = new ArrayList<>();
          for (String k : strings(f.get("steps"), q + ".steps")) {
            try {
              steps.add(Kind.parse(k));
            } catch (IllegalArgumentException e) {
              throw error(q + ".steps", k, e.getMessage());
            }
          }
          try {
            funnels.add(
                new KpiSettings.Funnel(name, steps, duration(f.get("window"), q + ".window")));
          } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + q + ": " + e.getMessage(), e);
          }
        }
      }
      Duration journeyWindow =
          n.has("journey_window")
              ? duration(n.get("journey_window"), p + ".journey_window")
              : d.journeyWindow();
      String referred =
          n.has("referred_attribute")
              ? text(n.get("referred_attribute"), p + ".referred_attribute")
              : d.referredAttribute();
      try {
        return new KpiSettings(
            num(n, "csat_satisfied_at_least", p, d.csatSatisfiedAtLeast()),
            funnels,
            journeyWindow,
            referred);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + p + ": " + e.getMessage(), e);
      }
    }

    private ContactSettings contact(JsonNode n, ContactSettings d) {
      String p = "contact";
      object(
          n,
          p,
          "cap_window",
          "cap_overall",
          "caps",
          "quiet_hours",
          "require_explicit_consent",
          "fatigue_streak",
          "purchase_share_of_responses");
      Map<Channel, Integer> caps = new EnumMap<>(d.capPerChannel());
      if (n.has("caps")) {
        JsonNode c = object(n.get("caps"), p + ".caps", channelIds());
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          caps.put(Channel.parse(name), whole(c, name, p + ".caps", 0, 0));
        }
      }
      int from = d.quietFrom();
      int to = d.quietTo();
      if (n.has("quiet_hours")) {
        JsonNode q = object(n.get("quiet_hours"), p + ".quiet_hours", "from", "to");
        from = whole(q, "from", p + ".quiet_hours", from, 0);
        to = whole(q, "to", p + ".quiet_hours", to, 0);
      }
      try {
        return new ContactSettings(
            dur(n, "cap_window", p, d.capWindow()),
            caps,
            whole(n, "cap_overall", p, d.capOverall(), 0),
            from,
            to,
            bool(n, "require_explicit_consent", p, d.requireExplicitConsent()),
            whole(n, "fatigue_streak", p, d.fatigueStreak(), 0),
            num(n, "purchase_share_of_responses", p, d.purchaseShareOfResponses()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }

    private double num(JsonNode parent, String key, String path, double fallback) {
      return parent.has(key) ? number(parent.get(key), path + "." + key, 0) : fallback;
    }

    private int whole(JsonNode parent, String key, String path, int fallback, int min) {
      if (!parent.has(key)) {
        return fallback;
      }
      double v = number(parent.get(key), path + "." + key, min);
      if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
        throw error(path + "." + key, parent.get(key).asText(), "must be a whole number");
      }
      return (int) v;
    }

    private boolean bool(JsonNode parent, String key, String path, boolean fallback) {
      if (!parent.has(key)) {
        return fallback;
      }
      JsonNode v = parent.get(key);
      if (!v.isBoolean()) {
        throw error(path + "." + key, v.asText(), "must be true or false");
      }
      return v.asBoolean();
    }

    private Duration dur(JsonNode parent, String key, String path, Duration fallback) {
      return parent.has(key) ? duration(parent.get(key), path + "." + key) : fallback;
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
