package dev.rapport.store;

import java.util.List;

/**
 * The PostgreSQL schema, as numbered migrations like {@link DuckDbSchema}'s: migration {@code n}
 * (1-based) takes a schema from version {@code n - 1} to {@code n}; a released migration is never
 * edited. The conventions are DuckDB's (instants as {@code BIGINT} microseconds, NaN as {@code
 * NULL}, enums as lower-case ids, an event's identifiers joined by U+001F), so that both adapters
 * read and write the same values; what differs serves a database that many processes read at once:
 *
 * <ul>
 *   <li>{@code events.event_id} is the primary key: appends are {@code INSERT … ON CONFLICT DO
 *       NOTHING}, which keeps ids unique under concurrent writers, where DuckDB's single writer
 *       checks in Java first.
 *   <li>A GIN index on the identifiers split into an array serves the customer-360 timeline by
 *       index rather than by scan.
 *   <li>The tables keyed by customer have primary keys, for point reads.
 *   <li>Ids, identifiers and campaign names sort in byte order ({@code COLLATE "C"}), as Java's and
 *       DuckDB's strings do, whatever the database's locale: the fold order breaks ties by event
 *       id.
 * </ul>
 */
final class PostgresSchema {
  private PostgresSchema() {}

  static final String META =
      "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

  static final String VERSION_KEY = DuckDbSchema.VERSION_KEY;

  /** An event's identifiers as an array: the GIN index and every query use this one expression. */
  static final String IDENTIFIER_ARRAY = "string_to_array(identifiers, chr(31))";

  static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE events ("
                  + " event_id TEXT COLLATE \"C\" PRIMARY KEY,"
                  + " ts BIGINT NOT NULL,"
                  + " channel TEXT NOT NULL,"
                  + " kind TEXT NOT NULL,"
                  + " outcome TEXT,"
                  + " identifiers TEXT NOT NULL,"
                  + " campaign TEXT COLLATE \"C\","
                  + " variant TEXT COLLATE \"C\","
                  + " holdout BOOLEAN,"
                  + " value DOUBLE PRECISION NOT NULL,"
                  + " cost DOUBLE PRECISION NOT NULL,"
                  + " score DOUBLE PRECISION,"
                  + " text TEXT,"
                  + " attributes TEXT)",
              "CREATE INDEX events_ts ON events (ts)",
              "CREATE INDEX events_identifiers ON events USING GIN ((" + IDENTIFIER_ARRAY + "))",
              "CREATE TABLE identity_links ("
                  + " identifier TEXT COLLATE \"C\" PRIMARY KEY,"
                  + " customer_id TEXT COLLATE \"C\" NOT NULL)",
              "CREATE INDEX identity_links_customer ON identity_links (customer_id)",
              "CREATE TABLE profiles ("
                  + " customer_id TEXT COLLATE \"C\" PRIMARY KEY,"
                  + " customer_key INTEGER NOT NULL,"
                  + " as_of BIGINT,"
                  + " first_seen BIGINT,"
                  + " last_seen BIGINT,"
                  + " tenure_days DOUBLE PRECISION,"
                  + " events INTEGER NOT NULL,"
                  + " channels TEXT NOT NULL,"
                  + " inbound INTEGER NOT NULL,"
                  + " last_inbound BIGINT,"
                  + " purchases INTEGER NOT NULL,"
                  + " revenue DOUBLE PRECISION,"
                  + " returns INTEGER NOT NULL,"
                  + " return_value DOUBLE PRECISION,"
                  + " first_purchase BIGINT,"
                  + " last_purchase BIGINT,"
                  + " frequency DOUBLE PRECISION,"
                  + " recency DOUBLE PRECISION,"
                  + " t DOUBLE PRECISION,"
                  + " monetary_value DOUBLE PRECISION,"
                  + " bounced INTEGER NOT NULL,"
                  + " unsubscribed INTEGER NOT NULL,"
                  + " complained INTEGER NOT NULL,"
                  + " contact_pressure INTEGER NOT NULL,"
                  + " unengaged_streak INTEGER NOT NULL,"
                  + " engagement_score DOUBLE PRECISION,"
                  + " score_components TEXT NOT NULL)",
              "CREATE TABLE customer_attributes ("
                  + " customer_key TEXT COLLATE \"C\" NOT NULL,"
                  + " name TEXT NOT NULL,"
                  + " value TEXT NOT NULL,"
                  + " written BIGINT NOT NULL,"
                  + " PRIMARY KEY (customer_key, name))",
              "CREATE TABLE lifecycle ("
                  + " customer_id TEXT COLLATE \"C\" NOT NULL,"
                  + " seq INTEGER NOT NULL,"
                  + " from_stage TEXT,"
                  + " to_stage TEXT NOT NULL,"
                  + " at_time BIGINT NOT NULL,"
                  + " cause TEXT NOT NULL,"
                  + " event_id TEXT,"
                  + " reactivation BOOLEAN NOT NULL,"
                  + " PRIMARY KEY (customer_id, seq))",
              "CREATE TABLE decisions (customer_id TEXT COLLATE \"C\" PRIMARY KEY, decided TEXT NOT NULL)"));

  static int currentVersion() {
    return MIGRATIONS.size();
  }
}
