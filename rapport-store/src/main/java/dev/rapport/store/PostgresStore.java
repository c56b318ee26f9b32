package dev.rapport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@link Store} on PostgreSQL, for a server that outgrows one file or shares its store (the
 * Flink job's sink writes the same tables). A HikariCP pool of connections; every write method is
 * one transaction on one connection, serialised within the process; reads run concurrently; an
 * event stream holds its own connection with a server-side cursor, so the action can call back into
 * the store.
 *
 * <p>The schema lives in a PostgreSQL schema of its own (by default {@code rapport}), created and
 * migrated on open under an advisory lock, so that two processes opening a new database at once do
 * not both migrate it. Values are written as the DuckDB adapter writes them ({@link
 * PostgresSchema}), and the contract suite runs against both.
 */
final class PostgresStore implements Store {
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Any constant; the advisory lock that serialises migrations between processes. */
  private static final long MIGRATION_LOCK = 0x7261_7070_6f72_7401L;

  /** Appends a batch as arrays, one per column, keeping the ids stored already out. */
  private static final String APPEND =
      "INSERT INTO events (event_id, ts, channel, kind, outcome, identifiers, campaign, variant,"
          + " holdout, value, cost, score, text, attributes)"
          + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::boolean[], ?::float8[], ?::float8[],"
          + " ?::float8[], ?::text[], ?::text[])"
          + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

  /** Rows per statement of the bulk replaces. */
  private static final int CHUNK = 10_000;

  private final HikariDataSource pool;
  private final String database;
  private volatile boolean closed;

  /**
   * Events appended since this process last analysed the table, and the rows it had then. Queries
   * right after a bulk import otherwise run on the statistics of an empty table: the campaign
   * queries, planned as nested loops, took over ten minutes on the demo's 280,000 events instead of
   * two seconds.
   */
  private long appendedSinceAnalyze;

  private long rowsAtAnalyze = -1;

  private PostgresStore(HikariDataSource pool, String database) {
    this.pool = pool;
    this.database = database;
  }

  /**
   * Opens the store in {@code schema} of the database at {@code jdbcUrl}, creating and migrating
   * the schema when needed.
   */
  static Store open(String jdbcUrl, String schema, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException(
          "a store needs at least one connection, got " + connections);
    }
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "PostgreSQL schema name '" + schema + "' must match " + SCHEMA_NAME.pattern());
    }
    String database = withoutPassword(jdbcUrl) + " (schema " + schema + ")";
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      migrate(c, schema, database);
    } catch (SQLException e) {
      throw new StoreException("open the database", database, e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setSchema(schema);
    cfg.setMaximumPoolSize(connections);
    cfg.setMinimumIdle(1); // opened as needed, up to the maximum
    cfg.setPoolName("rapport-store");
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new PostgresStore(new HikariDataSource(cfg), database);
  }

  /** The URL as it may be shown: without a password parameter. */
  static String withoutPassword(String url) {
    return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static void migrate(Connection c, String schema, String database) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      // Quoted: a valid name may still be a reserved word (user, order).
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
      st.execute("SET LOCAL search_path TO \"" + schema + "\"");
      st.execute(PostgresSchema.META);
      int version = 0;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT value FROM meta WHERE key = '" + PostgresSchema.VERSION_KEY + "'")) {
        if (rs.next()) {
          version = Integer.parseInt(rs.getString(1));
        }
      }
      int current = PostgresSchema.currentVersion();
      if (version > current) {
        c.rollback();
        throw new StoreException(
            "open the database",
            database,
            "its schema version is " + version + ", newer than this Rapport's " + current);
      }
      for (int v = version; v < current; v++) {
        for (String sql : PostgresSchema.MIGRATIONS.get(v)) {
          st.execute(sql);
        }
      }
      writeMeta(c, PostgresSchema.VERSION_KEY, Integer.toString(current));
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------

  @FunctionalInterface
  private interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface SqlQuery<T> {
    T run(Connection c) throws SQLException;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + database + " is closed");
    }
  }

  private <T> T query(String operation, SqlQuery<T> q) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      return q.run(c);
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  /** One transaction; writes of this process are serialised on the store. */
  private synchronized void write(String operation, SqlWork work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
          c.setAutoCommit(true);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed); // the first failure is the one to report
        }
        throw e;
      }
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  private static Long microsOrNull(Instant t) {
    return t == null ? null : StoreRows.micros(t);
  }

  private static Double nullIfNaN(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static void setDouble(PreparedStatement ps, int i, double d) throws SQLException {
    if (Double.isNaN(d)) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, d);
    }
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, StoreRows.micros(t));
    }
  }

  private static Array texts(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  /** Refreshes the planner's statistics of a table just rewritten or grown. */
  /**
   * Replaces every row of a two-column text table by the pairs {@code (a[i], b[i])}, sent as arrays
   * of at most {@link #CHUNK} rows a statement. Table and column names are the schema's own.
   */
  private static void replacePairs(
      Connection c, String table, String colA, String colB, List<String> a, List<String> b)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DELETE FROM " + table);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + colA
                + ", "
                + colB
                + ") SELECT * FROM unnest(?::text[], ?::text[])")) {
      for (int from = 0; from < a.size(); from += CHUNK) {
        int to = Math.min(a.size(), from + CHUNK);
        ps.setArray(1, texts(c, a.subList(from, to)));
        ps.setArray(2, texts(c, b.subList(from, to)));
        ps.executeUpdate();
      }
    }
  }

  /**
   * Adds the bound row to the statement's batch, sending the batch every {@link #CHUNK} rows;
   * returns the rows still pending, which the caller sends with a last {@code executeBatch}.
   */
  private static int addRow(PreparedStatement ps, int pending) throws SQLException {
    ps.addBatch();
    if (pending + 1 < CHUNK) {
      return pending + 1;
    }
    ps.executeBatch();
    return 0;
  }

  private static void analyze(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("ANALYZE " + table);
    }
  }

  private static long singleLong(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- events ------------------------------------------------------------------------------

  @Override
  public int appendEvents(List<Interaction> batch) {
    return appendNewEvents(batch).size();
  }

  @Override
  public List<Interaction> appendNewEvents(List<Interaction> batch) {
    checkOpen();
    if (batch.isEmpty()) {
      return List.of();
    }
    // Encode first, so that a bad argument fails before anything is written. A repeat within the
    // batch is dropped here (the first occurrence wins); ids stored already are left out by the
    // primary key.
    List<Interaction> unique = new ArrayList<>(batch.size());
    Set<String> seen = new HashSet<>(batch.size() * 2);
    for (Interaction e : batch) {
      if (seen.add(e.eventId())) {
        unique.add(e);
      }
    }
    int n = unique.size();
    String[] ids = new String[n];
    Long[] ts = new Long[n];
    String[] channel = new String[n];
    String[] kind = new String[n];
    String[] outcome = new String[n];
    String[] identifiers = new String[n];
    String[] campaign = new String[n];
    String[] variant = new String[n];
    Boolean[] holdout = new Boolean[n];
    Double[] value = new Double[n];
    Double[] cost = new Double[n];
    Double[] score = new Double[n];
    String[] text = new String[n];
    String[] attributes = new String[n];
    for (int i = 0; i < n; i++) {
      Interaction e = unique.get(i);
      ids[i] = e.eventId();
      ts[i] = StoreRows.micros(e.ts());
      channel[i] = e.channel().id();
      kind[i] = e.kind().id();
      outcome[i] = e.outcome() == null ? null : e.outcome().id();
      identifiers[i] = IdentifierList.join(e.eventId(), e.identifiers());
      campaign[i] = e.campaign();
      variant[i] = e.variant();
      holdout[i] = e.holdout();
      value[i] = e.value();
      cost[i] = e.cost();
      score[i] = nullIfNaN(e.score());
      text[i] = e.text();
      attributes[i] = JsonText.writeStringMap(e.attributes());
    }
    Set<String> added = new HashSet<>(n * 2);
    write(
        "append events",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(APPEND)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("bigint", ts));
            ps.setArray(3, c.createArrayOf("text", channel));
            ps.setArray(4, c.createArrayOf("text", kind));
            ps.setArray(5, c.createArrayOf("text", outcome));
            ps.setArray(6, c.createArrayOf("text", identifiers));
            ps.setArray(7, c.createArrayOf("text", campaign));
            ps.setArray(8, c.createArrayOf("text", variant));
            ps.setArray(9, c.createArrayOf("boolean", holdout));
            ps.setArray(10, c.createArrayOf("float8", value));
            ps.setArray(11, c.createArrayOf("float8", cost));
            ps.setArray(12, c.createArrayOf("float8", score));
            ps.setArray(13, c.createArrayOf("text", text));
            ps.setArray(14, c.createArrayOf("text", attributes));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                added.add(rs.getString(1));
              }
            }
          }
        });
    analyzeIfGrown(added.size());
    if (added.size() == n) {
      return unique;
    }
    List<Interaction> fresh = new ArrayList<>(added.size());
    for (Interaction e : unique) {
      if (added.contains(e.eventId())) {
        fresh.add(e);
      }
    }
    return fresh;
  }

  /**
   * After a commit: autovacuum's rule (50 rows and a tenth of the table) applied at once rather
   * than a minute later, outside the append's transaction so that it holds no lock of it. The count
   * at the last analysis starts from the planner's own estimate of the table.
   */
  private synchronized void analyzeIfGrown(int added) {
    appendedSinceAnalyze += added;
    if (rowsAtAnalyze < 0) {
      rowsAtAnalyze =
          query(
              "read the table statistics",
              c ->
                  singleLong(
                      c,
                      "SELECT greatest(reltuples, 0)::bigint FROM pg_class"
                          + " WHERE oid = 'events'::regclass"));
    }
    if (appendedSinceAnalyze > 50 + rowsAtAnalyze / 10) {
      query(
          "analyze events",
          c -> {
            analyze(c, "events");
            return null;
          });
      rowsAtAnalyze += appendedSinceAnalyze;
      appendedSinceAnalyze = 0;
    }
  }

  @Override
  public long eventCount() {
    return query("count events", c -> singleLong(c, "SELECT count(*) FROM events"));
  }

  @Override
  public void forEachEvent(Instant untilExclusive, Consumer<Interaction> action) {
    streamEvents(untilExclusive, "", action);
  }

  @Override
  public void forEachEventWithText(Instant untilExclusive, Consumer<Interaction> action) {
    streamEvents(untilExclusive, StoreRows.WITH_TEXT, action);
  }

  @Override
  public void forEachEventOfKind(
      Instant untilExclusive, Set<Kind> kinds, Consumer<Interaction> action) {
    streamEvents(untilExclusive, StoreRows.ofKinds(kinds), action);
  }

  private void streamEvents(Instant untilExclusive, String filter, Consumer<Interaction> action) {
    cursor(
        "read events",
        StoreRows.eventsInFoldOrder(EventRows.POSTGRES_COLUMNS, untilExclusive, filter),
        EventRows.CAPACITY,
        StoreRows.streamEvents(untilExclusive, database, action));
  }

  @Override
  public void forEachProfile(Consumer<CustomerProfile> action) {
    cursor(
        "read the profiles",
        StoreRows.PROFILES_BY_ID,
        10_000,
        ps -> StoreRows.forEachProfile(ps, action));
  }

  /**
   * Runs a query through a cursor (autocommit off and a fetch size make the driver fetch in chunks)
   * on a connection of its own, so the work may call back into the store.
   */
  private void cursor(String operation, String sql, int fetchSize, StoreRows.StatementWork work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(fetchSize);
        work.run(ps);
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed); // the first failure is the one to report
        }
        throw e;
      }
      c.rollback(); // read only: nothing to keep
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  @Override
  public Instant minEventTime() {
    return query("read the first event time", c -> timeOf(c, "SELECT min(ts) FROM events"));
  }

  @Override
  public Instant maxEventTime() {
    return query("read the last event time", c -> timeOf(c, "SELECT max(ts) FROM events"));
  }

  private static Instant timeOf(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return StoreRows.instantOrNull(rs, 1);
    }
  }

  @Override
  public List<Interaction> eventsWithAnyIdentifier(
      Collection<Identifier> ids, int limit, int offset) {
    StoreRows.checkPage(limit, offset);
    checkOpen();
    Set<String> keys = StoreRows.keys(ids);
    if (keys.isEmpty() || limit == 0) {
      return List.of();
    }
    // The array overlap is what the GIN index on the same expression serves.
    String sql =
        "SELECT "
            + EventRows.POSTGRES_COLUMNS
            + " FROM events WHERE "
            + PostgresSchema.IDENTIFIER_ARRAY
            + " && ?::text[] ORDER BY "
            + StoreRows.EVENT_ORDER_DESC
            + " LIMIT ? OFFSET ?";
    return query(
        "read a customer's timeline",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, texts(c, keys));
            ps.setLong(2, limit);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
              return EventRows.readAll(rs, database);
            }
          }
        });
  }

  // ---- identity ----------------------------------------------------------------------------

  @Override
  public void replaceIdentityLinks(Map<Identifier, String> customerIdByIdentifier) {
    List<String> identifiers = new ArrayList<>(customerIdByIdentifier.size());
    List<String> customers = new ArrayList<>(customerIdByIdentifier.size());
    for (Map.Entry<Identifier, String> e : customerIdByIdentifier.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("identity link with a null identifier or customer");
      }
      identifiers.add(e.getKey().toString());
      customers.add(e.getValue());
    }
    write(
        "replace identity links",
        c -> {
          replacePairs(c, "identity_links", "identifier", "customer_id", identifiers, customers);
          analyze(c, "identity_links");
        });
  }

  @Override
  public Optional<String> customerOf(Identifier id) {
    return query("look up a customer", c -> StoreRows.customerOf(c, id));
  }

  @Override
  public List<Identifier> identifiersOf(String customerId) {
    return query("look up a customer's identifiers", c -> StoreRows.identifiersOf(c, customerId));
  }

  // ---- profiles ----------------------------------------------------------------------------

  @Override
  public void replaceProfiles(List<CustomerProfile> profiles) {
    StoreRows.requireDistinct(profiles);
    write(
        "replace profiles",
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM profiles");
          }
          insertProfiles(c, profiles);
          analyze(c, "profiles");
        });
  }

  @Override
  public void updateCustomers(
      List<CustomerProfile> profiles,
      Map<String, Lifecycle> lifecycles,
      Collection<String> removed) {
    StoreRows.requireDistinct(profiles);
    List<String> touched = StoreRows.touched(profiles, lifecycles, removed);
    if (touched.isEmpty()) {
      return;
    }
    write(
        "update customers",
        c -> {
          Array ids = c.createArrayOf("text", touched.toArray());
          for (String table : List.of("profiles", "lifecycle")) {
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + table + " WHERE customer_id = ANY(?)")) {
              ps.setArray(1, ids);
              ps.executeUpdate();
            }
          }
          insertProfiles(c, profiles);
          insertLifecycles(c, lifecycles);
        });
  }

  private static void insertProfiles(Connection c, List<CustomerProfile> profiles)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO profiles ("
                + StoreRows.PROFILE_COLUMNS
                + ") VALUES ("
                + "?, ".repeat(26)
                + "?)")) {
      int pending = 0;
      for (CustomerProfile p : profiles) {
        bindProfile(ps, p);
        pending = addRow(ps, pending);
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  /** A profile's values in {@link #StoreRows.PROFILE_COLUMNS} order. */
  private static void bindProfile(PreparedStatement ps, CustomerProfile p) throws SQLException {
    ps.setInt(1, p.customerKey());
    ps.setString(2, p.customerId());
    setInstant(ps, 3, p.asOf());
    setInstant(ps, 4, p.firstSeen());
    setInstant(ps, 5, p.lastSeen());
    setDouble(ps, 6, p.tenureDays());
    ps.setInt(7, p.events());
    ps.setString(8, ChannelStatsText.write(p.channels()));
    ps.setInt(9, p.inbound());
    setInstant(ps, 10, p.lastInbound());
    ps.setInt(11, p.purchases());
    setDouble(ps, 12, p.revenue());
    ps.setInt(13, p.returns());
    setDouble(ps, 14, p.returnValue());
    setInstant(ps, 15, p.firstPurchase());
    setInstant(ps, 16, p.lastPurchase());
    setDouble(ps, 17, p.frequency());
    setDouble(ps, 18, p.recency());
    setDouble(ps, 19, p.T());
    setDouble(ps, 20, p.monetaryValue());
    ps.setInt(21, p.bounced());
    ps.setInt(22, p.unsubscribed());
    ps.setInt(23, p.complained());
    ps.setInt(24, p.contactPressure());
    ps.setInt(25, p.unengagedStreak());
    setDouble(ps, 26, p.engagementScore());
    ps.setString(27, JsonText.writeScoreComponents(p.scoreComponents()));
  }

  @Override
  public Optional<CustomerProfile> profile(String customerId) {
    return query("read a profile", c -> StoreRows.profile(c, customerId));
  }

  @Override
  public List<CustomerProfile> profiles() {
    return query("read the profiles", c -> StoreRows.profiles(c));
  }

  @Override
  public long profileCount() {
    return query("count profiles", c -> singleLong(c, "SELECT count(*) FROM profiles"));
  }

  // ---- lifecycles and decisions ------------------------------------------------------------

  @Override
  public void replaceLifecycles(Map<String, Lifecycle> lifecycles) {
    write(
        "replace lifecycles",
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM lifecycle");
          }
          insertLifecycles(c, lifecycles);
        });
  }

  private static void insertLifecycles(Connection c, Map<String, Lifecycle> lifecycles)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO lifecycle (customer_id, seq, from_stage, to_stage, at_time, cause,"
                + " event_id, reactivation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (Map.Entry<String, Lifecycle> e : lifecycles.entrySet()) {
        int seq = 0;
        for (StageTransition t : e.getValue().transitions()) {
          ps.setString(1, e.getKey());
          ps.setInt(2, seq++);
          ps.setString(3, t.from() == null ? null : t.from().id());
          ps.setString(4, t.to().id());
          setInstant(ps, 5, t.at());
          ps.setString(6, t.cause());
          ps.setString(7, t.eventId());
          ps.setBoolean(8, t.reactivation());
          pending = addRow(ps, pending);
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public Map<String, Lifecycle> lifecycles() {
    return query("read the lifecycles", StoreRows::lifecycles);
  }

  @Override
  public Optional<Lifecycle> lifecycle(String customerId) {
    return query("read a lifecycle", c -> StoreRows.lifecycle(c, customerId));
  }

  @Override
  public void replaceDecisions(Map<String, Map<String, String>> byCustomer) {
    List<String> customers = new ArrayList<>(byCustomer.size());
    List<String> decided = new ArrayList<>(byCustomer.size());
    byCustomer.forEach(
        (id, d) -> {
          customers.add(id);
          decided.add(JsonText.writeStringMap(d));
        });
    write(
        "replace decisions",
        c -> {
          replacePairs(c, "decisions", "customer_id", "decided", customers, decided);
        });
  }

  @Override
  public Map<String, String> decisions(String customerId) {
    return query("read decisions", c -> StoreRows.decisions(c, customerId));
  }

  // ---- customer attributes -----------------------------------------------------------------

  @Override
  public void upsertAttributes(String customerKey, Map<String, String> attributes) {
    upsertKeyed(List.of(Map.entry(customerKey, attributes)));
  }

  @Override
  public void upsertAttributes(List<Map.Entry<Identifier, Map<String, String>>> batch) {
    List<Map.Entry<String, Map<String, String>>> keyed = new ArrayList<>(batch.size());
    for (Map.Entry<Identifier, Map<String, String>> e : batch) {
      keyed.add(Map.entry(e.getKey().toString(), e.getValue()));
    }
    upsertKeyed(keyed);
  }

  private void upsertKeyed(List<Map.Entry<String, Map<String, String>>> batch) {
    checkOpen();
    Map<List<String>, String> latest = StoreRows.latestAttributes(batch);
    if (latest.isEmpty()) {
      return;
    }
    write(
        "write customer attributes",
        c -> {
          long written = singleLong(c, "SELECT coalesce(max(written), 0) FROM customer_attributes");
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO customer_attributes (customer_key, name, value, written)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (customer_key, name)"
                      + " DO UPDATE SET value = excluded.value, written = excluded.written")) {
            int pending = 0;
            for (Map.Entry<List<String>, String> e : latest.entrySet()) {
              ps.setString(1, e.getKey().get(0));
              ps.setString(2, e.getKey().get(1));
              ps.setString(3, e.getValue());
              ps.setLong(4, ++written);
              pending = addRow(ps, pending);
            }
            if (pending > 0) {
              ps.executeBatch();
            }
          }
        });
  }

  @Override
  public Map<String, String> attributesOf(Collection<Identifier> ids) {
    checkOpen();
    Set<String> keys = StoreRows.keys(ids);
    if (keys.isEmpty()) {
      return Map.of();
    }
    return query(
        "read customer attributes",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, value FROM customer_attributes WHERE customer_key = ANY(?::text[])"
                      + " ORDER BY written")) {
            ps.setArray(1, texts(c, keys));
            Map<String, String> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Map<String, Map<String, String>> attributesByCustomer() {
    return query("read customer attributes", c -> StoreRows.attributesByCustomer(c));
  }

  // ---- campaigns ---------------------------------------------------------------------------

  /**
   * Each stored event with a campaign-relevant kind and the customer it belongs to: the first (in
   * id order) customer any of its identifiers is linked to, as in the DuckDB adapter.
   */
  private static final String CUSTOMER_EVENTS =
      "WITH ids AS ("
          + " SELECT event_id, unnest("
          + PostgresSchema.IDENTIFIER_ARRAY
          + ") AS identifier"
          + " FROM events WHERE kind IN ('touch', 'response', 'purchase', 'return')),"
          + " owner AS (SELECT i.event_id, min(l.customer_id) AS customer_id FROM ids i"
          + " JOIN identity_links l ON l.identifier = i.identifier GROUP BY i.event_id),"
          + " ev AS (SELECT e.*, o.customer_id FROM events e JOIN owner o USING (event_id))";

  @Override
  public List<CampaignActivity> campaignActivity(String campaign) {
    return query(
        "read campaign activity", c -> StoreRows.campaignActivity(c, CUSTOMER_EVENTS, campaign));
  }

  @Override
  public List<CampaignUnit> campaignUnits(String campaign, Duration window) {
    // DuckDB's arg_min(variant, ts) skips NULL variants: the first non-null variant by time here.
    return query(
        "read campaign units",
        c ->
            StoreRows.campaignUnits(
                c,
                CUSTOMER_EVENTS,
                "(array_agg(variant ORDER BY ts, event_id) FILTER (WHERE variant IS NOT NULL))[1]",
                campaign,
                window));
  }

  // ---- privacy -----------------------------------------------------------------------------

  @Override
  public Map<String, Long> eraseCustomer(String customerId, Collection<Identifier> ids) {
    checkOpen();
    List<String> keys = new ArrayList<>(StoreRows.keys(ids));
    Map<String, Long> erased = new LinkedHashMap<>();
    write(
        "erase customer " + customerId,
        c -> {
          erased.put(
              "events",
              delete(
                  c,
                  "DELETE FROM events WHERE " + PostgresSchema.IDENTIFIER_ARRAY + " && ?::text[]",
                  keys,
                  null));
          erased.put(
              "identity_links",
              delete(
                  c,
                  "DELETE FROM identity_links WHERE identifier = ANY(?::text[]) OR customer_id = ?",
                  keys,
                  customerId));
          erased.put(
              "profiles",
              delete(c, "DELETE FROM profiles WHERE customer_id = ?", null, customerId));
          erased.put(
              "lifecycle",
              delete(c, "DELETE FROM lifecycle WHERE customer_id = ?", null, customerId));
          erased.put(
              "decisions",
              delete(c, "DELETE FROM decisions WHERE customer_id = ?", null, customerId));
          erased.put(
              "customer_attributes",
              delete(
                  c,
                  "DELETE FROM customer_attributes WHERE customer_key = ANY(?::text[])",
                  keys,
                  null));
        });
    return erased;
  }

  /** Runs a DELETE with an optional list parameter then an optional text parameter. */
  private static long delete(Connection c, String sql, List<String> list, String text)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (list != null) {
        ps.setArray(i++, texts(c, list));
      }
      if (text != null) {
        ps.setString(i, text);
      }
      return ps.executeLargeUpdate();
    }
  }

  // ---- meta --------------------------------------------------------------------------------

  @Override
  public void putMeta(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("meta key and value must not be null");
    }
    if (key.equals(PostgresSchema.VERSION_KEY)) {
      throw new IllegalArgumentException(key + " is maintained by the store");
    }
    write("write meta " + key, c -> writeMeta(c, key, value));
  }

  private static void writeMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<String> meta(String key) {
    return query(
        "read meta " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresStore[" + database + "]";
  }
}
