package dev.rapport.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.rapport.analytics.clv.CustomerValue;
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
import dev.rapport.io.InteractionJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The customer 360 as JSON: everything whoever answers the customer next needs, on any channel —
 * identifiers, profile and score, stage and its history, each channel with its consent and last
 * interaction, open tickets, styles, next best action, and a page of the cross-channel timeline.
 * Events are written in the same form {@code POST /v1/events} reads, so they round-trip.
 */
final class CustomerJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private static final Channel[] CHANNELS = Channel.values();
  private static final String[] CONSENT_IDS = {"granted", "withdrawn", "unknown"};

  static {
    // The ids above must follow Consent's order.
    for (dev.rapport.core.contact.Consent c : dev.rapport.core.contact.Consent.values()) {
      if (!CONSENT_IDS[c.ordinal()].equals(c.name().toLowerCase(java.util.Locale.ROOT))) {
        throw new ExceptionInInitializerError("consent ids out of order at " + c);
      }
    }
  }

  private CustomerJson() {}

  /**
   * The 360 as JSON, written straight from the customer to {@code out} (no tree, no byte array in
   * between: at 2,000 reads a second those were most of the garbage, and so of the GC pauses).
   */
  static void write(
      OutputStream out,
      LiveCustomer c,
      Population population,
      RapportConfig config,
      int limit,
      int offset)
      throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, c, population, config, limit, offset);
    }
  }

  /** The 360 as a tree, for the export (which embeds it). */
  static JsonNode tree(
      LiveCustomer c, Population population, RapportConfig config, int limit, int offset) {
    return tree(g -> write(g, c, population, config, limit, offset));
  }

  private static void write(
      JsonGenerator g,
      LiveCustomer c,
      Population population,
      RapportConfig config,
      int limit,
      int offset)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("customer_id", c.id());
    g.writeStringField("as_of", text(c.asOf()));
    identifiers(g, c);
    CustomerFold.Result f = c.fold();
    if (f != null) {
      g.writeFieldName("profile");
      profile(g, f.profile());
      g.writeFieldName("lifecycle");
      lifecycle(g, f);
      g.writeFieldName("channels");
      channels(g, c, f);
      g.writeFieldName("service");
      service(g, c, f.service());
      StyleScores.Result style = population.styles.score(f.style());
      g.writeFieldName("styles");
      styles(g, style);
      g.writeFieldName("next_best_action");
      action(g, f, style.dominant(), population, config);
      g.writeFieldName("value_and_risk");
      value(g, c, population, config);
    }
    g.writeFieldName("timeline");
    timeline(g, c.events(), limit, offset);
    g.writeEndObject();
  }

  private static void identifiers(JsonGenerator g, LiveCustomer c) throws IOException {
    g.writeArrayFieldStart("identifiers");
    for (Identifier i : c.identifiers()) {
      g.writeString(i.toString());
    }
    g.writeEndArray();
  }

  /** The short form a webhook carries: who, where they stand, and what to do next. */
  static JsonNode brief(LiveCustomer c, Population population, RapportConfig config) {
    return tree(
        g -> {
          g.writeStartObject();
          g.writeStringField("customer_id", c.id());
          identifiers(g, c);
          CustomerFold.Result f = c.fold();
          if (f != null) {
            CustomerProfile p = f.profile();
            g.writeStringField("stage", f.lifecycle().stage().id());
            g.writeStringField("stage_since", text(f.lifecycle().since()));
            number(g, "engagement_score", p.engagementScore());
            g.writeNumberField("purchases", p.purchases());
            number(g, "net_revenue", p.netRevenue());
            g.writeStringField("last_seen", text(p.lastSeen()));
            g.writeStringField("last_inbound", text(p.lastInbound()));
            g.writeNumberField("open_tickets", f.service().ticketsOpen());
            StyleScores.Result style = population.styles.score(f.style());
            g.writeStringField(
                "dominant_style", style.dominant() == null ? null : style.dominant().id());
            g.writeFieldName("next_best_action");
            action(g, f, style.dominant(), population, config);
          }
          g.writeEndObject();
        });
  }

  /** An event in the form {@code POST /v1/events} reads, as a tree (for webhook payloads). */
  static JsonNode event(Interaction e) {
    return tree(g -> event(g, e));
  }

  private interface Writing {
    void write(JsonGenerator g) throws IOException;
  }

  private static JsonNode tree(Writing w) {
    try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
      w.write(buffer);
      return JSON.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void profile(JsonGenerator g, CustomerProfile p) throws IOException {
    g.writeStartObject();
    g.writeStringField("first_seen", text(p.firstSeen()));
    g.writeStringField("last_seen", text(p.lastSeen()));
    number(g, "tenure_days", p.tenureDays());
    g.writeNumberField("events", p.events());
    g.writeNumberField("inbound", p.inbound());
    g.writeStringField("last_inbound", text(p.lastInbound()));
    g.writeNumberField("purchases", p.purchases());
    number(g, "revenue", p.revenue());
    g.writeNumberField("returns", p.returns());
    number(g, "return_value", p.returnValue());
    g.writeStringField("first_purchase", text(p.firstPurchase()));
    g.writeStringField("last_purchase", text(p.lastPurchase()));
    number(g, "frequency", p.frequency());
    number(g, "recency", p.recency());
    number(g, "T", p.T());
    number(g, "monetary_value", p.monetaryValue());
    g.writeNumberField("contact_pressure", p.contactPressure());
    g.writeNumberField("unengaged_streak", p.unengagedStreak());
    g.writeNumberField("bounced", p.bounced());
    g.writeNumberField("unsubscribed", p.unsubscribed());
    g.writeNumberField("complained", p.complained());
    number(g, "engagement_score", p.engagementScore());
    g.writeArrayFieldStart("score_components");
    for (ScoreComponent s : p.scoreComponents()) {
      g.writeStartObject();
      g.writeStringField("signal", s.signal().id());
      number(g, "points", s.points());
      number(g, "raw", s.raw());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void lifecycle(JsonGenerator g, CustomerFold.Result f) throws IOException {
    g.writeStartObject();
    g.writeStringField("stage", f.lifecycle().stage().id());
    g.writeStringField("since", text(f.lifecycle().since()));
    g.writeArrayFieldStart("history");
    for (StageTransition t : f.lifecycle().transitions()) {
      g.writeStartObject();
      g.writeStringField("from", t.from() == null ? null : t.from().id());
      g.writeStringField("to", t.to().id());
      g.writeStringField("at", text(t.at()));
      g.writeStringField("cause", t.cause());
      g.writeStringField("event_id", t.eventId());
      g.writeBooleanField("reactivation", t.reactivation());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Every channel the customer was on or gave consent for, with their last interaction there. */
  private static void channels(JsonGenerator g, LiveCustomer c, CustomerFold.Result f)
      throws IOException {
    Map<Channel, Interaction> last = new EnumMap<>(Channel.class);
    List<Interaction> events = c.events();
    for (int i = events.size() - 1; i >= 0 && last.size() < CHANNELS.length; i--) {
      last.putIfAbsent(events.get(i).channel(), events.get(i));
    }
    ContactEvidence contact = f.contact();
    Map<Channel, ChannelStats> stats = new EnumMap<>(Channel.class);
    for (ChannelStats s : f.profile().channels()) {
      stats.put(s.channel(), s);
    }
    g.writeStartArray();
    for (Channel ch : CHANNELS) {
      ChannelStats s = stats.get(ch);
      Interaction e = last.get(ch);
      String consent = CONSENT_IDS[contact.consent(ch).ordinal()];
      if (s == null && e == null && "unknown".equals(consent)) {
        continue;
      }
      g.writeStartObject();
      g.writeStringField("channel", ch.id());
      g.writeStringField("consent", consent);
      g.writeNumberField("recent_touches", contact.recentTouches(ch));
      if (s != null) {
        g.writeNumberField("touches", s.touches());
        g.writeNumberField("engaged", s.engaged());
        g.writeNumberField("unengaged", s.unengaged());
        g.writeNumberField("pending", s.pending());
        g.writeNumberField("inbound", s.inbound());
        number(g, "response_rate", s.responseRate());
      }
      if (e != null) {
        g.writeObjectFieldStart("last_interaction");
        g.writeStringField("at", text(e.ts()));
        g.writeStringField("kind", e.kind().id());
        g.writeStringField("outcome", e.outcome() == null ? null : e.outcome().id());
        g.writeStringField("event_id", e.eventId());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * Tickets and surveys. The open tickets are the newest openings, as many as the fold counts open:
   * resolutions close the oldest open ticket first (see ServiceTracker), so the ones left open are
   * always the latest.
   */
  private static void service(JsonGenerator g, LiveCustomer c, ServiceEvidence s)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("tickets_opened", s.ticketsOpened());
    g.writeNumberField("tickets_open", s.ticketsOpen());
    number(g, "mean_first_response_hours", s.meanFirstResponseHours());
    number(g, "mean_resolution_hours", s.meanResolutionHours());
    g.writeNumberField("surveys", s.surveys());
    number(g, "last_csat", s.lastCsat());
    number(g, "last_nps", s.lastNps());
    number(g, "last_ces", s.lastCes());
    List<Interaction> events = c.events();
    java.util.ArrayDeque<Interaction> open = new java.util.ArrayDeque<>();
    for (int i = events.size() - 1; i >= 0 && open.size() < s.ticketsOpen(); i--) {
      Interaction e = events.get(i);
      if (EventDetail.of(e) == EventDetail.TICKET_OPENED) {
        open.addFirst(e);
      }
    }
    g.writeArrayFieldStart("open_tickets");
    for (Interaction e : open) {
      event(g, e);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void styles(JsonGenerator g, StyleScores.Result r) throws IOException {
    g.writeStartObject();
    g.writeStringField("dominant", r.dominant() == null ? null : r.dominant().id());
    g.writeStringField("reason", r.reason());
    g.writeObjectFieldStart("scores");
    for (EngagementStyle s : EngagementStyle.values()) {
      number(g, s.id(), r.scores().get(s));
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void action(
      JsonGenerator g,
      CustomerFold.Result f,
      EngagementStyle style,
      Population population,
      RapportConfig config)
      throws IOException {
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
    g.writeStartObject();
    g.writeStringField("action", a.contact() ? "contact" : "none");
    g.writeStringField("channel", a.channel() == null ? null : a.channel().id());
    g.writeStringField("theme", a.theme());
    g.writeStringField("time", a.contact() ? a.time() : null);
    g.writeStringField("reason", a.reason());
    g.writeBooleanField("fatigued", fatigue.fatigued());
    g.writeEndObject();
  }

  /**
   * Lifetime value and the risk of having lost the customer: P(alive), expected purchases and value
   * over the horizon, the customer's profile now scored against the population's last BG/NBD and
   * Gamma-Gamma fit (refitted hourly; {@code fitted_at}), so a purchase a minute ago counts.
   */
  private static void value(
      JsonGenerator g, LiveCustomer c, Population population, RapportConfig config)
      throws IOException {
    g.writeStartObject();
    Population.ValueFit fit = population.value;
    g.writeStringField("model", "BG/NBD + Gamma-Gamma");
    g.writeNumberField("horizon_months", config.clv().horizonMonths());
    if (fit == null) {
      g.writeStringField("note", "the models are being fitted; ask again shortly");
      g.writeEndObject();
      return;
    }
    g.writeStringField("fitted_at", fit.fitted().toString());
    CustomerValue.Score s = fit.score(c.fold().profile());
    if (fit.value() == null) {
      g.writeStringField(
          "note", "not fitted: too few buyers, or too few repeat buyers, in the population");
    } else if (s == null) {
      g.writeStringField("note", "no purchase yet: the models score buyers");
    } else {
      number(g, "p_alive", s.pAlive());
      number(g, "churn_risk", 1 - s.pAlive());
      number(g, "expected_purchases", s.expectedPurchases());
      number(g, "value_per_purchase", s.valuePerPurchase());
      number(g, "clv", s.clv());
    }
    g.writeEndObject();
  }

  private static void timeline(JsonGenerator g, List<Interaction> events, int limit, int offset)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("total", events.size());
    g.writeNumberField("offset", offset);
    g.writeNumberField("limit", limit);
    g.writeArrayFieldStart("events");
    int written = 0;
    for (long i = events.size() - 1L - offset; i >= 0 && written < limit; i--) {
      event(g, events.get((int) i));
      written++;
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** An event in the form {@code POST /v1/events} reads, so that it round-trips. */
  /** An event in its canonical JSON, the form {@code POST /v1/events} takes. */
  private static void event(JsonGenerator g, Interaction e) throws IOException {
    InteractionJson.write(g, e);
  }

  /** A number field: null for NaN (JSON has no NaN), rounded to 6 decimals. */
  private static void number(JsonGenerator g, String name, double v) throws IOException {
    Double n = num(v);
    if (n == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, n.doubleValue());
    }
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** A number for JSON: null for NaN (JSON has no NaN), rounded to 6 decimals. */
  static Double num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    return Math.round(v * 1e6) / 1e6;
  }
}
