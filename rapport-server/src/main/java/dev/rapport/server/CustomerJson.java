package dev.rapport.server;

import dev.rapport.analytics.fatigue.CustomerFatigue;
import dev.rapport.analytics.nba.NextBestAction;
import dev.rapport.analytics.nba.NextBestActions;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.analytics.style.StyleScores;
import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.profile.ScoreComponent;
import dev.rapport.core.service.ServiceEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer 360 as JSON: everything whoever answers the customer next needs, on any channel —
 * identifiers, profile and score, stage and its history, each channel with its consent and last
 * interaction, open tickets, styles, next best action, and a page of the cross-channel timeline.
 * Events are written in the same form {@code POST /v1/events} reads, so they round-trip.
 */
final class CustomerJson {
  private CustomerJson() {}

  static Map<String, Object> of(
      LiveCustomer c, Population population, RapportConfig config, int limit, int offset) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customer_id", c.id());
    out.put("as_of", text(c.asOf()));
    out.put("identifiers", c.identifiers().stream().map(Identifier::toString).toList());
    CustomerFold.Result f = c.fold();
    if (f != null) {
      out.put("profile", profile(f.profile()));
      out.put("lifecycle", lifecycle(f));
      out.put("channels", channels(c, f));
      out.put("service", service(c, f.service()));
      StyleScores.Result style = population.styles.score(f.style());
      out.put("styles", styles(style));
      out.put("next_best_action", action(f, style.dominant(), population, config));
    }
    out.put("timeline", timeline(c.events(), limit, offset));
    return out;
  }

  /** The short form a webhook carries: who, where they stand, and what to do next. */
  static Map<String, Object> brief(LiveCustomer c, Population population, RapportConfig config) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customer_id", c.id());
    out.put("identifiers", c.identifiers().stream().map(Identifier::toString).toList());
    CustomerFold.Result f = c.fold();
    if (f != null) {
      CustomerProfile p = f.profile();
      out.put("stage", f.lifecycle().stage().id());
      out.put("stage_since", text(f.lifecycle().since()));
      out.put("engagement_score", num(p.engagementScore()));
      out.put("purchases", p.purchases());
      out.put("net_revenue", num(p.netRevenue()));
      out.put("last_seen", text(p.lastSeen()));
      out.put("last_inbound", text(p.lastInbound()));
      out.put("open_tickets", f.service().ticketsOpen());
      StyleScores.Result style = population.styles.score(f.style());
      out.put("dominant_style", style.dominant() == null ? null : style.dominant().id());
      out.put("next_best_action", action(f, style.dominant(), population, config));
    }
    return out;
  }

  private static Map<String, Object> profile(CustomerProfile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("first_seen", text(p.firstSeen()));
    m.put("last_seen", text(p.lastSeen()));
    m.put("tenure_days", num(p.tenureDays()));
    m.put("events", p.events());
    m.put("inbound", p.inbound());
    m.put("last_inbound", text(p.lastInbound()));
    m.put("purchases", p.purchases());
    m.put("revenue", num(p.revenue()));
    m.put("returns", p.returns());
    m.put("return_value", num(p.returnValue()));
    m.put("first_purchase", text(p.firstPurchase()));
    m.put("last_purchase", text(p.lastPurchase()));
    m.put("frequency", num(p.frequency()));
    m.put("recency", num(p.recency()));
    m.put("T", num(p.T()));
    m.put("monetary_value", num(p.monetaryValue()));
    m.put("contact_pressure", p.contactPressure());
    m.put("unengaged_streak", p.unengagedStreak());
    m.put("bounced", p.bounced());
    m.put("unsubscribed", p.unsubscribed());
    m.put("complained", p.complained());
    m.put("engagement_score", num(p.engagementScore()));
    List<Map<String, Object>> parts = new ArrayList<>();
    for (ScoreComponent s : p.scoreComponents()) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("signal", s.signal().id());
      part.put("points", num(s.points()));
      part.put("raw", num(s.raw()));
      parts.add(part);
    }
    m.put("score_components", parts);
    return m;
  }

  private static Map<String, Object> lifecycle(CustomerFold.Result f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", f.lifecycle().stage().id());
    m.put("since", text(f.lifecycle().since()));
    List<Map<String, Object>> history = new ArrayList<>();
    for (StageTransition t : f.lifecycle().transitions()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("from", t.from() == null ? null : t.from().id());
      h.put("to", t.to().id());
      h.put("at", text(t.at()));
      h.put("cause", t.cause());
      h.put("event_id", t.eventId());
      h.put("reactivation", t.reactivation());
      history.add(h);
    }
    m.put("history", history);
    return m;
  }

  /** Every channel the customer was on or gave consent for, with their last interaction there. */
  private static List<Map<String, Object>> channels(LiveCustomer c, CustomerFold.Result f) {
    Map<Channel, Interaction> last = new EnumMap<>(Channel.class);
    List<Interaction> events = c.events();
    for (int i = events.size() - 1; i >= 0 && last.size() < Channel.values().length; i--) {
      last.putIfAbsent(events.get(i).channel(), events.get(i));
    }
    ContactEvidence contact = f.contact();
    Map<Channel, ChannelStats> stats = new EnumMap<>(Channel.class);
    for (ChannelStats s : f.profile().channels()) {
      stats.put(s.channel(), s);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Channel ch : Channel.values()) {
      ChannelStats s = stats.get(ch);
      Interaction e = last.get(ch);
      String consent = contact.consent(ch).name().toLowerCase(java.util.Locale.ROOT);
      if (s == null && e == null && "unknown".equals(consent)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", ch.id());
      m.put("consent", consent);
      m.put("recent_touches", contact.recentTouches(ch));
      if (s != null) {
        m.put("touches", s.touches());
        m.put("engaged", s.engaged());
        m.put("unengaged", s.unengaged());
        m.put("pending", s.pending());
        m.put("inbound", s.inbound());
        m.put("response_rate", num(s.responseRate()));
      }
      if (e != null) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("at", text(e.ts()));
        l.put("kind", e.kind().id());
        l.put("outcome", e.outcome() == null ? null : e.outcome().id());
        l.put("event_id", e.eventId());
        m.put("last_interaction", l);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Tickets and surveys. The open tickets are the newest openings, as many as the fold counts open:
   * resolutions close the oldest open ticket first (see ServiceTracker), so the ones left open are
   * always the latest.
   */
  private static Map<String, Object> service(LiveCustomer c, ServiceEvidence s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tickets_opened", s.ticketsOpened());
    m.put("tickets_open", s.ticketsOpen());
    m.put("mean_first_response_hours", num(s.meanFirstResponseHours()));
    m.put("mean_resolution_hours", num(s.meanResolutionHours()));
    m.put("surveys", s.surveys());
    m.put("last_csat", num(s.lastCsat()));
    m.put("last_nps", num(s.lastNps()));
    m.put("last_ces", num(s.lastCes()));
    List<Map<String, Object>> open = new ArrayList<>();
    List<Interaction> events = c.events();
    for (int i = events.size() - 1; i >= 0 && open.size() < s.ticketsOpen(); i--) {
      Interaction e = events.get(i);
      if (EventDetail.of(e) == EventDetail.TICKET_OPENED) {
        open.add(0, event(e));
      }
    }
    m.put("open_tickets", open);
    return m;
  }

  private static Map<String, Object> styles(StyleScores.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dominant", r.dominant() == null ? null : r.dominant().id());
    m.put("reason", r.reason());
    Map<String, Object> scores = new LinkedHashMap<>();
    for (EngagementStyle s : EngagementStyle.values()) {
      scores.put(s.id(), num(r.scores().get(s)));
    }
    m.put("scores", scores);
    return m;
  }

  private static Map<String, Object> action(
      CustomerFold.Result f, EngagementStyle style, Population population, RapportConfig config) {
    CustomerFatigue fatigue =
        CustomerFatigue.of(
            f.contact(), config.responsePriorEngaged(), config.responsePriorIgnored());
    NextBestAction a =
        NextBestActions.decide(
            f.profile(),
            f.lifecycle(),
            style,
            f.contact(),
            fatigue,
            config,
            population.fallbacks.of(null, style));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", a.contact() ? "contact" : "none");
    m.put("channel", a.channel() == null ? null : a.channel().id());
    m.put("theme", a.theme());
    m.put("time", a.contact() ? a.time() : null);
    m.put("reason", a.reason());
    m.put("fatigued", fatigue.fatigued());
    return m;
  }

  private static Map<String, Object> timeline(List<Interaction> events, int limit, int offset) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", events.size());
    m.put("offset", offset);
    m.put("limit", limit);
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = events.size() - 1 - offset; i >= 0 && page.size() < limit; i--) {
      page.add(event(events.get(i)));
    }
    m.put("events", page);
    return m;
  }

  /** An event in the form {@code POST /v1/events} reads. */
  static Map<String, Object> event(Interaction e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_id", e.eventId());
    m.put("ts", e.ts().toString());
    m.put("channel", e.channel().id());
    m.put("kind", e.kind().id());
    if (e.outcome() != null) {
      m.put("outcome", e.outcome().id());
    }
    Map<String, Object> ids = new LinkedHashMap<>();
    for (Identifier id : e.identifiers()) {
      Object had = ids.get(id.type());
      if (had == null) {
        ids.put(id.type(), id.value());
      } else {
        List<Object> many = had instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        if (!(had instanceof List<?>)) {
          many.add(had);
        }
        many.add(id.value());
        ids.put(id.type(), many);
      }
    }
    m.put("identifiers", ids);
    putIf(m, "campaign", e.campaign());
    putIf(m, "variant", e.variant());
    putIf(m, "holdout", e.holdout());
    if (e.value() != 0) {
      m.put("value", e.value());
    }
    if (e.cost() != 0) {
      m.put("cost", e.cost());
    }
    if (e.hasScore()) {
      m.put("score", e.score());
    }
    putIf(m, "text", e.text());
    if (!e.attributes().isEmpty()) {
      m.put("attributes", new java.util.TreeMap<>(e.attributes()));
    }
    return m;
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** A number for JSON: null for NaN (JSON has no NaN), rounded to 6 significant decimals. */
  static Double num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    return Math.round(v * 1e6) / 1e6;
  }
}
