package dev.rapport.store;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What both adapters read and write alike: the stored form of instants (microseconds) and NaN
 * (NULL), the fold order of events, and the rows of profiles and lifecycle transitions. One
 * definition, so that the DuckDB and PostgreSQL stores cannot drift apart.
 */
final class StoreRows {
  private StoreRows() {}

  /** Fold order; the timeline is its exact reverse. */
  static final String EVENT_ORDER = "ts, (kind <> 'touch'), event_id";

  static final String EVENT_ORDER_DESC = "ts DESC, (kind <> 'touch') DESC, event_id DESC";

  static final String PROFILE_COLUMNS =
      "customer_key, customer_id, as_of, first_seen, last_seen, tenure_days, events, channels,"
          + " inbound, last_inbound, purchases, revenue, returns, return_value, first_purchase,"
          + " last_purchase, frequency, recency, t, monetary_value, bounced, unsubscribed,"
          + " complained, contact_pressure, unengaged_streak, engagement_score, score_components";

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /**
   * The first whole microsecond at or after {@code t}: stored {@code ts < it} iff {@code ts < t}.
   */
  static long microsCeiling(Instant t) {
    return t.getNano() % 1000 == 0 ? micros(t) : Math.addExact(micros(t), 1);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  static Instant instantOrNull(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : instant(v);
  }

  static double doubleOrNaN(ResultSet rs, int col) throws SQLException {
    double v = rs.getDouble(col);
    return rs.wasNull() ? Double.NaN : v;
  }

  /** Refuses two profiles of one customer, which a profiles table keyed by id cannot hold. */
  static void requireDistinct(List<CustomerProfile> profiles) {
    Set<String> seen = new HashSet<>(profiles.size() * 2);
    for (CustomerProfile p : profiles) {
      if (!seen.add(p.customerId())) {
        throw new IllegalArgumentException("two profiles for customer " + p.customerId());
      }
    }
  }

  /** The customers {@link Store#updateCustomers} rewrites or removes: their old rows go first. */
  static List<String> touched(
      List<CustomerProfile> profiles,
      Map<String, Lifecycle> lifecycles,
      Collection<String> removed) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    profiles.forEach(p -> ids.add(p.customerId()));
    ids.addAll(lifecycles.keySet());
    ids.addAll(removed);
    return List.copyOf(ids);
  }

  static CustomerProfile readProfile(ResultSet rs) throws SQLException {
    return new CustomerProfile(
        rs.getInt(1),
        rs.getString(2),
        instantOrNull(rs, 3),
        instantOrNull(rs, 4),
        instantOrNull(rs, 5),
        doubleOrNaN(rs, 6),
        rs.getInt(7),
        ChannelStatsText.read(rs.getString(8)),
        rs.getInt(9),
        instantOrNull(rs, 10),
        rs.getInt(11),
        doubleOrNaN(rs, 12),
        rs.getInt(13),
        doubleOrNaN(rs, 14),
        instantOrNull(rs, 15),
        instantOrNull(rs, 16),
        doubleOrNaN(rs, 17),
        doubleOrNaN(rs, 18),
        doubleOrNaN(rs, 19),
        doubleOrNaN(rs, 20),
        rs.getInt(21),
        rs.getInt(22),
        rs.getInt(23),
        rs.getInt(24),
        rs.getInt(25),
        doubleOrNaN(rs, 26),
        JsonText.readScoreComponents(rs.getString(27)));
  }

  static StageTransition readTransition(ResultSet rs, int first) throws SQLException {
    String from = rs.getString(first);
    return new StageTransition(
        from == null ? null : Stage.parse(from),
        Stage.parse(rs.getString(first + 1)),
        instantOrNull(rs, first + 2),
        rs.getString(first + 3),
        rs.getString(first + 4),
        rs.getBoolean(first + 5));
  }

  /**
   * Per customer key and attribute name, the last value of the batch, in order of its last write:
   * how both adapters collapse an attribute batch before writing it.
   */
  static Map<List<String>, String> latestAttributes(
      List<Map.Entry<String, Map<String, String>>> batch) {
    Map<List<String>, String> latest = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> e : batch) {
      for (Map.Entry<String, String> a : e.getValue().entrySet()) {
        if (a.getKey() == null || a.getValue() == null) {
          throw new IllegalArgumentException("null attribute name or value for " + e.getKey());
        }
        List<String> k = List.of(e.getKey(), a.getKey());
        latest.remove(k);
        latest.put(k, a.getValue());
      }
    }
    return latest;
  }

  /** Every stored lifecycle, by customer display id. */
  static Map<String, Lifecycle> lifecycles(Connection c) throws SQLException {
    Map<String, List<StageTransition>> byCustomer = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT customer_id, from_stage, to_stage, at_time, cause, event_id,"
                    + " reactivation FROM lifecycle ORDER BY customer_id, seq")) {
      while (rs.next()) {
        byCustomer
            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(readTransition(rs, 2));
      }
    }
    Map<String, Lifecycle> out = new LinkedHashMap<>();
    byCustomer.forEach((id, ts) -> out.put(id, new Lifecycle(ts)));
    return out;
  }

  /** A customer's stored lifecycle. */
  static Optional<Lifecycle> lifecycle(Connection c, String customerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT from_stage, to_stage, at_time, cause, event_id, reactivation FROM lifecycle"
                + " WHERE customer_id = ? ORDER BY seq")) {
      ps.setString(1, customerId);
      List<StageTransition> ts = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ts.add(readTransition(rs, 1));
        }
      }
      return ts.isEmpty() ? Optional.empty() : Optional.of(new Lifecycle(ts));
    }
  }

  /**
   * Activity of every campaign named on a touch ({@link Store#campaignActivity}).
   *
   * @param customerEvents the adapter's {@code WITH … ev AS (…)} prefix: each campaign-relevant
   *     event with its customer
   */
  static List<CampaignActivity> campaignActivity(
      Connection c, String customerEvents, String campaign) throws SQLException {
    String sql =
        customerEvents
            + " SELECT campaign,"
            + " count(*) FILTER (WHERE kind = 'touch' AND NOT coalesce(holdout, false)),"
            + " count(*) FILTER (WHERE kind = 'touch' AND coalesce(holdout, false)),"
            + " count(DISTINCT customer_id) FILTER (WHERE kind = 'touch'),"
            + " count(*) FILTER (WHERE kind = 'response'),"
            + " count(*) FILTER (WHERE kind = 'purchase'),"
            + " min(ts) FILTER (WHERE kind = 'touch'), max(ts) FILTER (WHERE kind = 'touch')"
            + " FROM ev WHERE campaign IS NOT NULL AND campaign <> ''"
            + (campaign == null ? "" : " AND campaign = ?")
            + " GROUP BY campaign HAVING count(*) FILTER (WHERE kind = 'touch') > 0"
            + " ORDER BY 7, 1";
    List<CampaignActivity> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (campaign != null) {
        ps.setString(1, campaign);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new CampaignActivity(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  instantOrNull(rs, 7),
                  instantOrNull(rs, 8)));
        }
      }
    }
    return out;
  }

  /**
   * The units of the campaigns that have a holdout group ({@link Store#campaignUnits}).
   *
   * @param customerEvents as for {@link #campaignActivity}
   * @param firstVariant the adapter's aggregate for the first non-null variant by time
   */
  static List<CampaignUnit> campaignUnits(
      Connection c, String customerEvents, String firstVariant, String campaign, Duration window)
      throws SQLException {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the measurement window must be positive, got " + window);
    }
    String sql =
        customerEvents
            + ", assigned AS (SELECT campaign, customer_id, min(ts) AS t0,"
            + " bool_or(coalesce(holdout, false)) AS held, bool_or(NOT coalesce(holdout, false))"
            + " AS sent, "
            + firstVariant
            + " AS variant FROM ev"
            + " WHERE kind = 'touch' AND campaign IS NOT NULL AND campaign <> ''"
            + (campaign == null ? "" : " AND campaign = ?")
            + " GROUP BY campaign, customer_id),"
            + " measured AS (SELECT * FROM assigned WHERE campaign IN"
            + " (SELECT campaign FROM assigned GROUP BY campaign HAVING bool_or(held))),"
            + " outcomes AS (SELECT customer_id, ts, kind, value FROM ev"
            + " WHERE kind IN ('response', 'purchase', 'return'))"
            + " SELECT m.campaign, m.customer_id, m.t0, m.held, m.sent, m.variant,"
            + " count(o.ts) FILTER (WHERE o.kind = 'response') > 0,"
            + " count(o.ts) FILTER (WHERE o.kind = 'purchase') > 0,"
            + " coalesce(sum(CASE WHEN o.kind = 'purchase' THEN o.value"
            + " WHEN o.kind = 'return' THEN -abs(o.value) END), 0),"
            + " m.t0 + ? <= (SELECT max(ts) FROM events)"
            + " FROM measured m LEFT JOIN outcomes o"
            + " ON o.customer_id = m.customer_id AND o.ts >= m.t0 AND o.ts < m.t0 + ?"
            + " GROUP BY m.campaign, m.customer_id, m.t0, m.held, m.sent, m.variant"
            + " ORDER BY m.campaign, m.customer_id";
    long windowMicros = Math.multiplyExact(window.getSeconds(), 1_000_000L);
    List<CampaignUnit> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (campaign != null) {
        ps.setString(i++, campaign);
      }
      ps.setLong(i++, windowMicros);
      ps.setLong(i, windowMicros);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new CampaignUnit(
                  rs.getString(1),
                  rs.getString(2),
                  instant(rs.getLong(3)),
                  rs.getBoolean(4),
                  rs.getBoolean(5),
                  rs.getString(6),
                  rs.getBoolean(7),
                  rs.getBoolean(8),
                  rs.getDouble(9),
                  rs.getBoolean(10)));
        }
      }
    }
    return out;
  }

  /** The filter of {@link Store#forEachEventWithText}: events that carry free text. */
  static final String WITH_TEXT = " AND text IS NOT NULL AND text <> ''";

  /**
   * The filter of {@link Store#forEachEventOfKind}.
   *
   * @throws IllegalArgumentException when {@code kinds} is empty
   */
  static String ofKinds(Set<Kind> kinds) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no kind of event asked for");
    }
    // Kind ids are the enum's own lower-case names, never user text.
    return " AND kind IN ("
        + kinds.stream().map(k -> "'" + k.id() + "'").sorted().collect(Collectors.joining(", "))
        + ")";
  }

  /** The stored form of identifiers, each once, in the order given. */
  static Set<String> keys(Collection<Identifier> ids) {
    Set<String> keys = new LinkedHashSet<>();
    for (Identifier id : ids) {
      keys.add(id.toString());
    }
    return keys;
  }

  /** The arguments of a timeline page. */
  static void checkPage(int limit, int offset) {
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "limit and offset must be at least 0, got " + limit + ", " + offset);
    }
  }

  // ---- point reads, the same SQL on both stores ----------------------------------------

  static Optional<String> customerOf(Connection c, Identifier id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT customer_id FROM identity_links WHERE identifier = ?")) {
      ps.setString(1, id.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static List<Identifier> identifiersOf(Connection c, String customerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT identifier FROM identity_links WHERE customer_id = ?")) {
      ps.setString(1, customerId);
      List<Identifier> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Identifier.parse(rs.getString(1)));
        }
      }
      out.sort(null);
      return out;
    }
  }

  static Optional<CustomerProfile> profile(Connection c, String customerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE customer_id = ?")) {
      ps.setString(1, customerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readProfile(rs)) : Optional.empty();
      }
    }
  }

  /** A read given its prepared statement, on the connection a store streams on. */
  interface StatementWork {
    void run(PreparedStatement ps) throws SQLException;
  }

  /**
   * The events in fold order, before {@code untilExclusive} (null: all) and through {@code filter},
   * as {@code columns} (each store reads its own column list): read by {@link #streamEvents}.
   */
  static String eventsInFoldOrder(String columns, Instant untilExclusive, String filter) {
    return "SELECT "
        + columns
        + " FROM events WHERE true"
        + (untilExclusive == null ? "" : " AND ts < ?")
        + filter
        + " ORDER BY "
        + EVENT_ORDER;
  }

  /** Binds the time bound of {@link #eventsInFoldOrder} and streams the events to the action. */
  static StatementWork streamEvents(
      Instant untilExclusive, String database, Consumer<Interaction> action) {
    return ps -> {
      if (untilExclusive != null) {
        ps.setLong(1, microsCeiling(untilExclusive));
      }
      try (ResultSet rs = ps.executeQuery()) {
        EventRows.stream(rs, database, action);
      }
    };
  }

  /** Every profile, by customer id, from a statement set to fetch in chunks. */
  static void forEachProfile(PreparedStatement ps, Consumer<CustomerProfile> action)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        action.accept(readProfile(rs));
      }
    }
  }

  static final String PROFILES_BY_ID =
      "SELECT " + PROFILE_COLUMNS + " FROM profiles ORDER BY customer_id";

  static List<CustomerProfile> profiles(Connection c) throws SQLException {
    List<CustomerProfile> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT " + PROFILE_COLUMNS + " FROM profiles ORDER BY customer_key")) {
      while (rs.next()) {
        out.add(readProfile(rs));
      }
    }
    return out;
  }

  static Map<String, String> decisions(Connection c, String customerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT decided FROM decisions WHERE customer_id = ?")) {
      ps.setString(1, customerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? JsonText.readStringMap(rs.getString(1)) : Map.of();
      }
    }
  }

  static Map<String, Map<String, String>> attributesByCustomer(Connection c) throws SQLException {
    Map<String, Map<String, String>> out = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT l.customer_id, a.name, a.value FROM customer_attributes a"
                    + " JOIN identity_links l ON l.identifier = a.customer_key"
                    + " ORDER BY a.written")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .put(rs.getString(2), rs.getString(3));
      }
    }
    return out;
  }
}
