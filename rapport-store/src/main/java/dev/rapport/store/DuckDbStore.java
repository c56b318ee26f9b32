package dev.rapport.store;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The embedded {@link Store}: one DuckDB file, one connection for writes and point reads (methods
 * synchronised on the store), and a duplicate connection per {@link #forEachEvent} stream so that
 * the action can call back into the store while the stream is open.
 *
 * <p>Appends drop repeats within the batch in Java (first wins), then an in-memory set of {@link
 * EventFingerprints} of the stored ids decides the path, in one transaction either way: when no id
 * of the batch may be stored (an import, live ingest), DuckDB's appender writes it straight into
 * {@code events}; otherwise (a re-import, a client's retry) it goes into a connection-local TEMP
 * staging table and moves into {@code events} by an {@code INSERT … SELECT} that leaves out the ids
 * stored already (an anti-join that scans the log). Reads go through {@link EventRows}.
 */
final class DuckDbStore implements Store {
  /**
   * Moves the staged batch into the log, leaving out the ids stored already. Enums are staged as
   * ordinals (a byte costs the appender a third of a short string) and turned into their ids here;
   * an absent outcome is -1. The anti-join scans {@code events.event_id}, about 40 ms per million
   * stored events, so it only runs when {@link EventFingerprints} says an id may be stored (a
   * re-import); an ART index on the id measured 3 times slower per batch than the scan at 3 M
   * events, and a scan of a stored 64-bit hash column still took 140 ms at 10 M.
   */
  private static final String STAGED_INSERT =
      "INSERT INTO events SELECT event_id, ts, "
          + idOfOrdinal("channel", Channel.values())
          + ", "
          + idOfOrdinal("kind", Kind.values())
          + ", "
          + idOfOrdinal("outcome", Outcome.values())
          + ", identifiers, campaign, variant, holdout, value, cost, score, text, attributes"
          + " FROM staging_events s"
          + " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)";

  /** The staged ids that are stored already (the same anti-join, inverted). */
  private static final String STAGED_STORED =
      "SELECT s.event_id FROM staging_events s"
          + " WHERE EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)";

  /** {@code ['email', 'sms', …][channel + 1]}: the id of a staged ordinal (NULL for -1). */
  private static String idOfOrdinal(String column, Enum<?>[] values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "'" : ", '")
          .append(values[i].name().toLowerCase(java.util.Locale.ROOT))
          .append('\'');
    }
    return b.append("][").append(column).append(" + 1]").toString();
  }

  private final Path file;
  private final String database;
  private final DuckDBConnection conn;
  private boolean closed;

  /** Fingerprints of the stored event ids, built by the first append; see {@link #appendEvents}. */
  private EventFingerprints fingerprints;

  /** The event count {@link #fingerprints} covers; another count means another writer. */
  private long fingerprinted = -1;

  private DuckDbStore(Path file, DuckDBConnection conn) {
    this.file = file;
    this.database = file.toString();
    this.conn = conn;
  }

  static Store open(Path file) {
    Path abs = file.toAbsolutePath();
    try {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("create the folder of the database", abs.toString(), e);
    }
    DuckDBConnection c;
    try {
      Properties props = new Properties();
      props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
      c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + abs, props);
    } catch (SQLException e) {
      throw new StoreException("open the database", abs.toString(), e);
    }
    DuckDbStore store = new DuckDbStore(abs, c);
    try {
      store.migrate();
      store.createStaging();
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StoreException) {
        throw (StoreException) e;
      }
      throw new StoreException("create the schema", abs.toString(), e);
    }
    return store;
  }

  private void migrate() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute(DuckDbSchema.META);
    }
    int version = meta(DuckDbSchema.VERSION_KEY).map(Integer::parseInt).orElse(0);
    int current = DuckDbSchema.currentVersion();
    if (version > current) {
      throw new StoreException(
          "open the database",
          database,
          "its schema version is " + version + ", newer than this Rapport's " + current);
    }
    if (version == current) {
      return;
    }
    inTransaction(
        () -> {
          try (Statement st = conn.createStatement()) {
            for (int v = version; v < current; v++) {
              for (String sql : DuckDbSchema.MIGRATIONS.get(v)) {
                st.execute(sql);
              }
            }
          }
          writeMeta(DuckDbSchema.VERSION_KEY, Integer.toString(current));
        });
  }

  private void createStaging() throws SQLException {
    try (Statement st = conn.createStatement()) {
      // Commits are durable in the WAL either way; checkpointing every 16 MB (the default) halved
      // bulk-append throughput in StoreThroughput, so the WAL is folded in less often.
      st.execute("SET checkpoint_threshold = '128MB'");
      st.execute(
          "CREATE TEMP TABLE staging_events (event_id VARCHAR, ts BIGINT, channel TINYINT,"
              + " kind TINYINT, outcome TINYINT, identifiers VARCHAR, campaign VARCHAR,"
              + " variant VARCHAR, holdout BOOLEAN, value DOUBLE, cost DOUBLE, score DOUBLE,"
              + " text VARCHAR, attributes VARCHAR)");
      st.execute(
          "CREATE TEMP TABLE staging_attributes (customer_key VARCHAR, name VARCHAR,"
              + " value VARCHAR, written BIGINT)");
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------

  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  @FunctionalInterface
  private interface SqlQuery<T> {
    T run() throws SQLException;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + database + " is closed");
    }
  }

  private <T> T query(String operation, SqlQuery<T> q) {
    checkOpen();
    try {
      return q.run();
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  private void write(String operation, SqlWork work) {
    checkOpen();
    try {
      inTransaction(work);
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  private void inTransaction(SqlWork work) throws SQLException {
    conn.setAutoCommit(false);
    boolean done = false;
    try {
      work.run();
      conn.commit();
      done = true;
    } finally {
      if (!done) {
        try {
          conn.rollback();
        } catch (SQLException ignored) {
          // The original failure matters more.
        }
      }
      conn.setAutoCommit(true);
    }
  }

  private DuckDBAppender appender(String table) throws SQLException {
    return conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
  }

  private DuckDBAppender tempAppender(String table) throws SQLException {
    return conn.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, table);
  }

  private static void appendString(DuckDBAppender a, String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }

  private static void appendDouble(DuckDBAppender a, double d) throws SQLException {
    if (Double.isNaN(d)) {
      a.appendNull();
    } else {
      a.append(d);
    }
  }

  private static void appendInstant(DuckDBAppender a, Instant t) throws SQLException {
    if (t == null) {
      a.appendNull();
    } else {
      a.append(StoreRows.micros(t));
    }
  }

  private static String placeholders(int n) {
    StringBuilder b = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "?" : ", ?");
    }
    return b.toString();
  }

  // ---- events ------------------------------------------------------------------------------

  @Override
  public int appendEvents(List<Interaction> batch) {
    return appendNewEvents(batch).size();
  }

  @Override
  public synchronized List<Interaction> appendNewEvents(List<Interaction> batch) {
    checkOpen();
    if (batch.isEmpty()) {
      return List.of();
    }
    // Encode first, so that a bad argument fails before anything is written. A repeat within the
    // batch is dropped here (the first occurrence wins); ids stored already are dropped in SQL.
    List<Interaction> unique = new ArrayList<>(batch.size());
    Set<String> seen = new HashSet<>(batch.size() * 2);
    for (Interaction e : batch) {
      if (seen.add(e.eventId())) {
        unique.add(e);
      }
    }
    String[] ids = new String[unique.size()];
    String[] attrs = new String[unique.size()];
    for (int i = 0; i < ids.length; i++) {
      Interaction e = unique.get(i);
      ids[i] = IdentifierList.join(e.eventId(), e.identifiers());
      attrs[i] = JsonText.writeStringMap(e.attributes());
    }
    long[] fps = new long[ids.length];
    for (int i = 0; i < fps.length; i++) {
      fps[i] = EventFingerprints.of(unique.get(i).eventId());
    }
    int[] added = new int[1];
    Set<String> storedAlready = new HashSet<>();
    long[] fingerprintedAfter = new long[1];
    write(
        "append events",
        () -> {
          long stored = singleLong("SELECT count(*) FROM events");
          if (fingerprints == null || stored != fingerprinted) {
            // First append of this store, or another connection appended.
            fingerprints = fingerprints(stored);
            fingerprinted = stored;
          }
          boolean maybeStored = false;
          for (long f : fps) {
            maybeStored |= fingerprints.contains(f);
          }
          if (!maybeStored) {
            // The common case, every id new: straight into the log, no staging.
            appendDirect(unique, ids, attrs);
            added[0] = unique.size();
          } else {
            try (Statement st = conn.createStatement()) {
              st.execute("DELETE FROM staging_events");
              stage(unique, ids, attrs);
              try (ResultSet rs = st.executeQuery(STAGED_STORED)) {
                while (rs.next()) {
                  storedAlready.add(rs.getString(1));
                }
              }
              added[0] = st.executeUpdate(STAGED_INSERT);
              st.execute("DELETE FROM staging_events");
            }
          }
          fingerprintedAfter[0] = stored + added[0];
        });
    // Committed: the ids are all stored now.
    for (long f : fps) {
      fingerprints.add(f);
    }
    fingerprinted = fingerprintedAfter[0];
    if (storedAlready.isEmpty()) {
      return unique;
    }
    List<Interaction> fresh = new ArrayList<>(added[0]);
    for (Interaction e : unique) {
      if (!storedAlready.contains(e.eventId())) {
        fresh.add(e);
      }
    }
    return fresh;
  }

  /**
   * Appends events straight to the log. Measured against staging (StoreThroughput, and a probe of
   * 5,000-event batches): 2.2 µs an event against 4.3, most of the difference in the commit, which
   * after an INSERT … SELECT writes every row to the WAL again.
   */
  private void appendDirect(List<Interaction> events, String[] ids, String[] attrs)
      throws SQLException {
    try (DuckDBAppender a = appender("events")) {
      for (int i = 0; i < ids.length; i++) {
        Interaction e = events.get(i);
        a.beginRow();
        a.append(e.eventId());
        a.append(StoreRows.micros(e.ts()));
        a.append(e.channel().id());
        a.append(e.kind().id());
        appendString(a, e.outcome() == null ? null : e.outcome().id());
        appendRest(a, e, ids[i], attrs[i]);
      }
      a.flush();
    }
  }

  /** Stages events for the insert that leaves out stored ids (enums as ordinals). */
  private void stage(List<Interaction> events, String[] ids, String[] attrs) throws SQLException {
    try (DuckDBAppender a = tempAppender("staging_events")) {
      for (int i = 0; i < ids.length; i++) {
        Interaction e = events.get(i);
        a.beginRow();
        a.append(e.eventId());
        a.append(StoreRows.micros(e.ts()));
        a.append((byte) e.channel().ordinal());
        a.append((byte) e.kind().ordinal());
        a.append((byte) (e.outcome() == null ? -1 : e.outcome().ordinal()));
        appendRest(a, e, ids[i], attrs[i]);
      }
      a.flush();
    }
  }

  /** The columns after the enums, the same in the log and in staging; ends the row. */
  private static void appendRest(DuckDBAppender a, Interaction e, String ids, String attrs)
      throws SQLException {
    a.append(ids);
    appendString(a, e.campaign());
    appendString(a, e.variant());
    if (e.holdout() == null) {
      a.appendNull();
    } else {
      a.append(e.holdout().booleanValue());
    }
    a.append(e.value());
    a.append(e.cost());
    appendDouble(a, e.score());
    appendString(a, e.text());
    appendString(a, attrs);
    a.endRow();
  }

  @Override
  public synchronized long eventCount() {
    return query("count events", () -> singleLong("SELECT count(*) FROM events"));
  }

  /** The fingerprints of the stored ids, read in the current transaction. */
  private EventFingerprints fingerprints(long stored) throws SQLException {
    EventFingerprints set = new EventFingerprints(stored + 100_000);
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT event_id FROM events")) {
      while (rs.next()) {
        set.add(EventFingerprints.of(rs.getString(1)));
      }
    }
    return set;
  }

  /** The first column of a query's rows, as longs. */
  private long[] column(String sql, int expected) throws SQLException {
    long[] out = new long[expected];
    int n = 0;
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2 + 1);
        }
        out[n++] = rs.getLong(1);
      }
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private long singleLong(String sql) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
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
    stream(
        "read events",
        StoreRows.eventsInFoldOrder(EventRows.COLUMNS, untilExclusive, filter),
        StoreRows.streamEvents(untilExclusive, database, action));
  }

  @Override
  public void forEachProfile(Consumer<CustomerProfile> action) {
    stream(
        "read the profiles", StoreRows.PROFILES_BY_ID, ps -> StoreRows.forEachProfile(ps, action));
  }

  /** Runs a query on a connection of its own, so the work may call back into the store. */
  private void stream(String operation, String sql, StoreRows.StatementWork work) {
    Connection reader;
    synchronized (this) {
      reader = query(operation, conn::duplicate);
    }
    try (reader;
        PreparedStatement ps = reader.prepareStatement(sql)) {
      ps.setFetchSize(2048);
      work.run(ps);
    } catch (SQLException e) {
      throw new StoreException(operation, database, e);
    }
  }

  @Override
  public synchronized Instant minEventTime() {
    return query("read the first event time", () -> timeOf("SELECT min(ts) FROM events"));
  }

  @Override
  public synchronized Instant maxEventTime() {
    return query("read the last event time", () -> timeOf("SELECT max(ts) FROM events"));
  }

  private Instant timeOf(String sql) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return StoreRows.instantOrNull(rs, 1);
    }
  }

  @Override
  public synchronized List<Interaction> eventsWithAnyIdentifier(
      Collection<Identifier> ids, int limit, int offset) {
    StoreRows.checkPage(limit, offset);
    checkOpen();
    Set<String> keys = StoreRows.keys(ids);
    if (keys.isEmpty() || limit == 0) {
      return List.of();
    }
    // Identifiers are one delimited column: the timeline scans it (about 20 ms per million
    // events), as fast as the separate identifier table it replaced (DuckDbSchema migration 2).
    StringBuilder where = new StringBuilder();
    for (int k = 0; k < keys.size(); k++) {
      where.append(k == 0 ? "" : " OR ").append("list_contains(ids, ?)");
    }
    String sql =
        "SELECT "
            + EventRows.COLUMNS
            + " FROM (SELECT *, string_split(identifiers, chr(31)) AS ids FROM events) WHERE "
            + where
            + " ORDER BY "
            + StoreRows.EVENT_ORDER_DESC
            + " LIMIT ? OFFSET ?";
    return query(
        "read a customer's timeline",
        () -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            for (String k : keys) {
              ps.setString(i++, k);
            }
            ps.setLong(i++, limit);
            ps.setLong(i, offset);
            try (ResultSet rs = ps.executeQuery()) {
              return EventRows.readAll(rs, database);
            }
          }
        });
  }

  // ---- identity ----------------------------------------------------------------------------

  @Override
  public synchronized void replaceIdentityLinks(Map<Identifier, String> customerIdByIdentifier) {
    for (Map.Entry<Identifier, String> e : customerIdByIdentifier.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("identity link with a null identifier or customer");
      }
    }
    write(
        "replace identity links",
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM identity_links");
          }
          try (DuckDBAppender a = appender("identity_links")) {
            for (Map.Entry<Identifier, String> e : customerIdByIdentifier.entrySet()) {
              a.beginRow();
              a.append(e.getKey().toString());
              a.append(e.getValue());
              a.endRow();
            }
            a.flush();
          }
        });
  }

  @Override
  public synchronized Optional<String> customerOf(Identifier id) {
    return query("look up a customer", () -> StoreRows.customerOf(conn, id));
  }

  @Override
  public synchronized List<Identifier> identifiersOf(String customerId) {
    return query(
        "look up a customer's identifiers", () -> StoreRows.identifiersOf(conn, customerId));
  }

  // ---- profiles ----------------------------------------------------------------------------

  @Override
  public synchronized void replaceProfiles(List<CustomerProfile> profiles) {
    StoreRows.requireDistinct(profiles);
    write(
        "replace profiles",
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM profiles");
          }
          insertProfiles(profiles);
        });
  }

  @Override
  public synchronized void updateCustomers(
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
        () -> {
          // One statement a table with the ids as a list: a DELETE per id cost about a
          // millisecond each here (950 customers/s against PostgreSQL's 35,000).
          Array ids = conn.createArrayOf("VARCHAR", touched.toArray());
          for (String table : List.of("profiles", "lifecycle")) {
            try (PreparedStatement ps =
                conn.prepareStatement(
                    "DELETE FROM " + table + " WHERE list_contains(?, customer_id)")) {
              ps.setArray(1, ids);
              ps.executeUpdate();
            }
          }
          insertProfiles(profiles);
          insertLifecycles(lifecycles);
        });
  }

  private void insertProfiles(List<CustomerProfile> profiles) throws SQLException {
    try (DuckDBAppender a = appender("profiles")) {
      for (CustomerProfile p : profiles) {
        // In table column order (DuckDbSchema), not StoreRows.PROFILE_COLUMNS order.
        a.beginRow();
        a.append(p.customerId());
        a.append(p.customerKey());
        appendInstant(a, p.asOf());
        appendInstant(a, p.firstSeen());
        appendInstant(a, p.lastSeen());
        appendDouble(a, p.tenureDays());
        a.append(p.events());
        a.append(ChannelStatsText.write(p.channels()));
        a.append(p.inbound());
        appendInstant(a, p.lastInbound());
        a.append(p.purchases());
        appendDouble(a, p.revenue());
        a.append(p.returns());
        appendDouble(a, p.returnValue());
        appendInstant(a, p.firstPurchase());
        appendInstant(a, p.lastPurchase());
        appendDouble(a, p.frequency());
        appendDouble(a, p.recency());
        appendDouble(a, p.T());
        appendDouble(a, p.monetaryValue());
        a.append(p.bounced());
        a.append(p.unsubscribed());
        a.append(p.complained());
        a.append(p.contactPressure());
        a.append(p.unengagedStreak());
        appendDouble(a, p.engagementScore());
        a.append(JsonText.writeScoreComponents(p.scoreComponents()));
        a.endRow();
      }
      a.flush();
    }
  }

  @Override
  public synchronized Optional<CustomerProfile> profile(String customerId) {
    return query("read a profile", () -> StoreRows.profile(conn, customerId));
  }

  @Override
  public synchronized List<CustomerProfile> profiles() {
    return query("read the profiles", () -> StoreRows.profiles(conn));
  }

  @Override
  public synchronized long profileCount() {
    return query("count profiles", () -> singleLong("SELECT count(*) FROM profiles"));
  }

  // ---- decisions ---------------------------------------------------------------------------

  @Override
  public synchronized Map<String, Long> eraseCustomer(
      String customerId, Collection<Identifier> ids) {
    checkOpen();
    List<String> keys = new ArrayList<>(StoreRows.keys(ids));
    Map<String, Long> erased = new LinkedHashMap<>();
    write(
        "erase customer " + customerId,
        () -> {
          // An event's identifiers are one string joined by U+001F: split it to compare whole ids.
          erased.put(
              "events",
              delete(
                  "DELETE FROM events WHERE list_has_any(string_split(identifiers, chr(31)), ?::VARCHAR[])",
                  keys,
                  null));
          erased.put(
              "identity_links",
              delete(
                  "DELETE FROM identity_links WHERE identifier = ANY(?::VARCHAR[]) OR customer_id = ?",
                  keys,
                  customerId));
          erased.put(
              "profiles", delete("DELETE FROM profiles WHERE customer_id = ?", null, customerId));
          erased.put(
              "lifecycle", delete("DELETE FROM lifecycle WHERE customer_id = ?", null, customerId));
          erased.put(
              "decisions", delete("DELETE FROM decisions WHERE customer_id = ?", null, customerId));
          erased.put(
              "customer_attributes",
              delete(
                  "DELETE FROM customer_attributes WHERE customer_key = ANY(?::VARCHAR[])",
                  keys,
                  null));
        });
    // Erased ids may be appended again later: the fingerprints are rebuilt on the next append.
    fingerprints = null;
    return erased;
  }

  /** Runs a DELETE with an optional list parameter then an optional text parameter. */
  private long delete(String sql, List<String> list, String text) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      if (list != null) {
        ps.setObject(i++, conn.createArrayOf("VARCHAR", list.toArray()));
      }
      if (text != null) {
        ps.setString(i, text);
      }
      return ps.executeLargeUpdate();
    }
  }

  @Override
  public synchronized void replaceDecisions(Map<String, Map<String, String>> byCustomer) {
    write(
        "replace decisions",
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM decisions");
          }
          try (DuckDBAppender a = appender("decisions")) {
            for (Map.Entry<String, Map<String, String>> e : byCustomer.entrySet()) {
              a.beginRow();
              a.append(e.getKey());
              a.append(JsonText.writeStringMap(e.getValue()));
              a.endRow();
            }
            a.flush();
          }
        });
  }

  @Override
  public synchronized Map<String, String> decisions(String customerId) {
    return query("read decisions", () -> StoreRows.decisions(conn, customerId));
  }

  // ---- lifecycles --------------------------------------------------------------------------

  @Override
  public synchronized void replaceLifecycles(Map<String, Lifecycle> lifecycles) {
    write(
        "replace lifecycles",
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM lifecycle");
          }
          insertLifecycles(lifecycles);
        });
  }

  private void insertLifecycles(Map<String, Lifecycle> lifecycles) throws SQLException {
    try (DuckDBAppender a = appender("lifecycle")) {
      for (Map.Entry<String, Lifecycle> e : lifecycles.entrySet()) {
        int seq = 0;
        for (StageTransition t : e.getValue().transitions()) {
          a.beginRow();
          a.append(e.getKey());
          a.append(seq++);
          if (t.from() == null) {
            a.appendNull();
          } else {
            a.append(t.from().id());
          }
          a.append(t.to().id());
          appendInstant(a, t.at());
          a.append(t.cause());
          if (t.eventId() == null) {
            a.appendNull();
          } else {
            a.append(t.eventId());
          }
          a.append(t.reactivation());
          a.endRow();
        }
      }
      a.flush();
    }
  }

  @Override
  public synchronized Map<String, Lifecycle> lifecycles() {
    return query("read the lifecycles", () -> StoreRows.lifecycles(conn));
  }

  @Override
  public synchronized Optional<Lifecycle> lifecycle(String customerId) {
    return query("read a lifecycle", () -> StoreRows.lifecycle(conn, customerId));
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

  private synchronized void upsertKeyed(List<Map.Entry<String, Map<String, String>>> batch) {
    checkOpen();
    Map<List<String>, String> latest = StoreRows.latestAttributes(batch);
    if (latest.isEmpty()) {
      return;
    }
    write(
        "write customer attributes",
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM staging_attributes");
            long written = singleLong("SELECT coalesce(max(written), 0) FROM customer_attributes");
            try (DuckDBAppender a = tempAppender("staging_attributes")) {
              for (Map.Entry<List<String>, String> e : latest.entrySet()) {
                a.beginRow();
                a.append(e.getKey().get(0));
                a.append(e.getKey().get(1));
                a.append(e.getValue());
                a.append(++written);
                a.endRow();
              }
              a.flush();
            }
            st.execute(
                "DELETE FROM customer_attributes c USING staging_attributes s"
                    + " WHERE c.customer_key = s.customer_key AND c.name = s.name");
            st.execute("INSERT INTO customer_attributes SELECT * FROM staging_attributes");
            st.execute("DELETE FROM staging_attributes");
          }
        });
  }

  @Override
  public synchronized Map<String, String> attributesOf(Collection<Identifier> ids) {
    Set<String> keys = StoreRows.keys(ids);
    checkOpen();
    if (keys.isEmpty()) {
      return Map.of();
    }
    return query(
        "read customer attributes",
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT name, value FROM customer_attributes WHERE customer_key IN ("
                      + placeholders(keys.size())
                      + ") ORDER BY written")) {
            int i = 1;
            for (String k : keys) {
              ps.setString(i++, k);
            }
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
  public synchronized Map<String, Map<String, String>> attributesByCustomer() {
    return query("read customer attributes", () -> StoreRows.attributesByCustomer(conn));
  }

  // ---- campaigns ---------------------------------------------------------------------------

  /**
   * Each stored event with a campaign-relevant kind and the customer it belongs to: the first (in
   * id order) customer any of its identifiers is linked to. All of an event's linked identifiers
   * point to one customer after an analysis, so the choice only matters for a stale analysis.
   */
  private static final String CUSTOMER_EVENTS =
      "WITH ids AS ("
          + " SELECT event_id, unnest(string_split(identifiers, chr(31))) AS identifier"
          + " FROM events WHERE kind IN ('touch', 'response', 'purchase', 'return')),"
          + " owner AS (SELECT i.event_id, min(l.customer_id) AS customer_id FROM ids i"
          + " JOIN identity_links l ON l.identifier = i.identifier GROUP BY i.event_id),"
          + " ev AS (SELECT e.*, o.customer_id FROM events e JOIN owner o USING (event_id))";

  @Override
  public synchronized List<CampaignActivity> campaignActivity(String campaign) {
    return query(
        "read campaign activity",
        () -> StoreRows.campaignActivity(conn, CUSTOMER_EVENTS, campaign));
  }

  @Override
  public synchronized List<CampaignUnit> campaignUnits(String campaign, Duration window) {
    return query(
        "read campaign units",
        () ->
            StoreRows.campaignUnits(
                conn, CUSTOMER_EVENTS, "arg_min(variant, ts)", campaign, window));
  }

  // ---- meta --------------------------------------------------------------------------------

  @Override
  public synchronized void putMeta(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("meta key and value must not be null");
    }
    if (key.equals(DuckDbSchema.VERSION_KEY)) {
      throw new IllegalArgumentException(key + " is maintained by the store");
    }
    write("write meta " + key, () -> writeMeta(key, value));
  }

  private void writeMeta(String key, String value) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized Optional<String> meta(String key) {
    return query(
        "read meta " + key,
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
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
    try {
      conn.close();
    } catch (SQLException e) {
      throw new StoreException("close the database", database, e);
    }
  }

  @Override
  public String toString() {
    return "DuckDbStore[" + file + "]";
  }
}
