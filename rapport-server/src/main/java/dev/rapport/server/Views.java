package dev.rapport.server;

import dev.rapport.analytics.segment.ProfileFields;
import dev.rapport.analytics.segment.SegmentRule;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The population views of the API and the dashboard, computed from the live customers: the overview
 * (stages, score distribution, channels, styles, segments), customer search and segment members.
 * The overview is a pass over every customer, so it is kept for a few seconds and shared by the
 * requests in between.
 */
final class Views {
  private static final long OVERVIEW_TTL_NANOS = 5_000_000_000L;

  private final LiveEngine engine;
  private final RapportConfig config;
  private final Supplier<Population> population;
  private final Map<String, SegmentRule> segments = new LinkedHashMap<>();
  private Map<String, Object> overview;
  private long overviewAt;

  Views(LiveEngine engine, RapportConfig config, Supplier<Population> population) {
    this.engine = engine;
    this.config = config;
    this.population = population;
    config
        .segments()
        .forEach((name, rule) -> segments.put(name, SegmentRule.parse(rule, ProfileFields.SCHEMA)));
  }

  /** The overview, at most a few seconds old. */
  synchronized Map<String, Object> overview() {
    long now = System.nanoTime();
    if (overview == null || now - overviewAt > OVERVIEW_TTL_NANOS) {
      overview = computeOverview();
      overviewAt = now;
    }
    return overview;
  }

  private Map<String, Object> computeOverview() {
    Population pop = population.get();
    Map<Stage, long[]> stages = new EnumMap<>(Stage.class); // customers, net revenue (cents)
    long[] scores = new long[10];
    Map<Channel, long[]> channels = new EnumMap<>(Channel.class); // touches, engaged, unengaged
    Map<EngagementStyle, Long> styles = new EnumMap<>(EngagementStyle.class);
    long[] segmentCounts = new long[segments.size()];
    long[] customers = new long[1];
    engine.forEachCustomer(
        c -> {
          CustomerFold.Result f = c.fold();
          if (f == null) {
            return;
          }
          customers[0]++;
          CustomerProfile p = f.profile();
          long[] s = stages.computeIfAbsent(f.lifecycle().stage(), k -> new long[2]);
          s[0]++;
          s[1] += Math.round(p.netRevenue() * 100);
          double score = p.engagementScore();
          if (!Double.isNaN(score)) {
            scores[Math.min(9, Math.max(0, (int) (score / 10)))]++;
          }
          for (ChannelStats cs : p.channels()) {
            long[] ch = channels.computeIfAbsent(cs.channel(), k -> new long[3]);
            ch[0] += cs.touches();
            ch[1] += cs.engaged();
            ch[2] += cs.unengaged();
          }
          EngagementStyle style = pop.styles.score(f.style()).dominant();
          if (style != null) {
            styles.merge(style, 1L, Long::sum);
          }
          int i = 0;
          for (SegmentRule rule : segments.values()) {
            if (rule.test(row(c))) {
              segmentCounts[i]++;
            }
            i++;
          }
        });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("as_of", CustomerJson.text(engine.asOf()));
    m.put("customers", customers[0]);
    m.put("events", engine.eventCount());
    List<Map<String, Object>> stageList = new ArrayList<>();
    for (Stage st : Stage.values()) {
      long[] s = stages.getOrDefault(st, new long[2]);
      stageList.add(Map.of("stage", st.id(), "customers", s[0], "net_revenue", s[1] / 100.0));
    }
    m.put("stages", stageList);
    m.put("score_histogram", scores);
    List<Map<String, Object>> channelList = new ArrayList<>();
    channels.forEach(
        (ch, v) -> {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("channel", ch.id());
          c.put("touches", v[0]);
          c.put("engaged", v[1]);
          c.put("unengaged", v[2]);
          c.put(
              "response_rate",
              v[1] + v[2] == 0 ? null : CustomerJson.num((double) v[1] / (v[1] + v[2])));
          channelList.add(c);
        });
    m.put("channels", channelList);
    List<Map<String, Object>> styleList = new ArrayList<>();
    styles.forEach((s, n) -> styleList.add(Map.of("style", s.id(), "customers", n)));
    m.put("styles", styleList);
    List<Map<String, Object>> segmentList = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, SegmentRule> e : segments.entrySet()) {
      segmentList.add(
          Map.of("name", e.getKey(), "rule", e.getValue().text(), "customers", segmentCounts[i++]));
    }
    m.put("segments", segmentList);
    m.put("change_feed_lag", engine.pendingChanges());
    return m;
  }

  /** What a segment rule sees of a live customer (no RFM: its quintiles are not refitted live). */
  static dev.rapport.analytics.segment.Row row(LiveCustomer c) {
    return ProfileFields.row(
        new ProfileFields.Customer(c.fold().profile(), c.fold().lifecycle(), null));
  }

  /**
   * Customers whose display id or any identifier value starts with {@code q} (case-insensitive), at
   * most {@code limit}, with the exact match first.
   */
  List<Map<String, Object>> search(String q, int limit, LiveCustomer exact) {
    String prefix = q.strip().toLowerCase(Locale.ROOT);
    List<Map<String, Object>> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    if (exact != null) {
      out.add(brief(exact));
      seen.add(exact.id());
    }
    if (prefix.isEmpty()) {
      return out;
    }
    for (String id : engine.customerIds()) {
      if (out.size() >= limit) {
        break;
      }
      if (seen.contains(id)) {
        continue;
      }
      LiveCustomer c = engine.customerById(id).orElse(null);
      if (c == null) {
        continue;
      }
      boolean hit = id.toLowerCase(Locale.ROOT).startsWith(prefix);
      for (Identifier i : c.identifiers()) {
        hit |= i.value().startsWith(prefix);
      }
      if (hit) {
        out.add(brief(c));
        seen.add(id);
      }
    }
    return out;
  }

  /** A customer in a list: id, identifiers, stage and score. */
  static Map<String, Object> brief(LiveCustomer c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customer_id", c.id());
    m.put("identifiers", c.identifiers().stream().map(Identifier::toString).toList());
    m.put("stage", c.stage() == null ? null : c.stage().id());
    m.put(
        "engagement_score",
        c.fold() == null ? null : CustomerJson.num(c.fold().profile().engagementScore()));
    return m;
  }

  /** The configured segments with their rules (counts are in the overview). */
  List<Map<String, Object>> segments() {
    List<Map<String, Object>> out = new ArrayList<>();
    segments.forEach((name, rule) -> out.add(Map.of("name", name, "rule", rule.text())));
    return out;
  }

  /** A page of a segment's members, in display-id order. */
  Map<String, Object> members(String name, int limit, int offset) {
    SegmentRule rule = segments.get(name);
    if (rule == null) {
      throw new ApiException(
          404, "segment_not_found", "no segment '" + name + "'; segments: " + segments.keySet());
    }
    List<String> ids = new ArrayList<>(engine.customerIds());
    ids.sort(null);
    List<Map<String, Object>> page = new ArrayList<>();
    long total = 0;
    for (String id : ids) {
      LiveCustomer c = engine.customerById(id).orElse(null);
      if (c == null || c.fold() == null || !rule.test(row(c))) {
        continue;
      }
      if (total >= offset && page.size() < limit) {
        page.add(brief(c));
      }
      total++;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("segment", name);
    m.put("rule", rule.text());
    m.put("total", total);
    m.put("offset", offset);
    m.put("limit", limit);
    m.put("members", page);
    return m;
  }
}
