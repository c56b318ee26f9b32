package dev.rapport.store;

import java.util.List;

/**
 * The DuckDB schema, as numbered migrations: migration {@code n} (1-based) takes a database from
 * schema version {@code n - 1} to {@code n}. A released migration is never edited; a change of
 * schema is a new migration at the end of {@link #MIGRATIONS}.
 *
 * <p>Conventions: instants are {@code BIGINT} microseconds since the epoch (UTC), which read back
 * without a conversion per row; a NaN double is {@code NULL}; enums are their lower-case ids as
 * {@code VARCHAR} so that the file reads well in SQL (DuckDB's dictionary compression makes them as
 * small as codes); identifiers are {@code type:value}, an event's several joined by U+001F ({@link
 * IdentifierList}); attributes and score components are JSON text ({@link JsonText}); a profile's
 * channel stats are {@code channel:touches:engaged:unengaged:pending:inbound:rate} joined by {@code
 * ;} ({@link ChannelStatsText}).
 *
 * <p>No index on {@code events.event_id}: an ART index makes bulk appends several times slower, and
 * the anti-join of each appended batch against the log keeps ids unique without it. Timelines scan
 * {@code events.identifiers} (migration 2 dropped the per-identifier table of migration 1).
 */
final class DuckDbSchema {
  private DuckDbSchema() {}

  /** The meta table exists before any migration, since it holds the schema version. */
  static final String META =
      "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)";

  static final String VERSION_KEY = "schema_version";

  static final List<List<String>> MIGRATIONS =
      List.of(
          // 1: events and their identifier index, identity links, profiles, customer attributes.
          List.of(
              "CREATE TABLE events ("
                  + " event_id VARCHAR NOT NULL,"
                  + " ts BIGINT NOT NULL,"
                  + " channel VARCHAR NOT NULL,"
                  + " kind VARCHAR NOT NULL,"
                  + " outcome VARCHAR,"
                  + " identifiers VARCHAR NOT NULL,"
                  + " campaign VARCHAR,"
                  + " variant VARCHAR,"
                  + " holdout BOOLEAN,"
                  + " value DOUBLE NOT NULL,"
                  + " cost DOUBLE NOT NULL,"
                  + " score DOUBLE,"
                  + " text VARCHAR,"
                  + " attributes VARCHAR)",
              "CREATE TABLE event_ids (event_id VARCHAR NOT NULL, identifier VARCHAR NOT NULL)",
              "CREATE TABLE identity_links ("
                  + " identifier VARCHAR NOT NULL,"
                  + " customer_id VARCHAR NOT NULL)",
              "CREATE TABLE profiles ("
                  + " customer_id VARCHAR NOT NULL,"
                  + " customer_key INTEGER NOT NULL,"
                  + " as_of BIGINT,"
                  + " first_seen BIGINT,"
                  + " last_seen BIGINT,"
                  + " tenure_days DOUBLE,"
                  + " events INTEGER NOT NULL,"
                  + " channels VARCHAR NOT NULL,"
                  + " inbound INTEGER NOT NULL,"
                  + " last_inbound BIGINT,"
                  + " purchases INTEGER NOT NULL,"
                  + " revenue DOUBLE,"
                  + " returns INTEGER NOT NULL,"
                  + " return_value DOUBLE,"
                  + " first_purchase BIGINT,"
                  + " last_purchase BIGINT,"
                  + " frequency DOUBLE,"
                  + " recency DOUBLE,"
                  + " t DOUBLE,"
                  + " monetary_value DOUBLE,"
                  + " bounced INTEGER NOT NULL,"
                  + " unsubscribed INTEGER NOT NULL,"
                  + " complained INTEGER NOT NULL,"
                  + " contact_pressure INTEGER NOT NULL,"
                  + " unengaged_streak INTEGER NOT NULL,"
                  + " engagement_score DOUBLE,"
                  + " score_components VARCHAR NOT NULL)",
              "CREATE TABLE customer_attributes ("
                  + " customer_key VARCHAR NOT NULL,"
                  + " name VARCHAR NOT NULL,"
                  + " value VARCHAR NOT NULL,"
                  + " written BIGINT NOT NULL)"),
          // 2: timelines scan events.identifiers, which measured as fast as the per-identifier
          // table; dropping it saves a fifth of the append time and of the file.
          List.of("DROP TABLE event_ids"),
          // 3: lifecycle transitions, one row each; a customer's current stage is their last.
          List.of(
              "CREATE TABLE lifecycle ("
                  + " customer_id VARCHAR NOT NULL,"
                  + " seq INTEGER NOT NULL,"
                  + " from_stage VARCHAR,"
                  + " to_stage VARCHAR NOT NULL,"
                  + " at_time BIGINT NOT NULL,"
                  + " cause VARCHAR NOT NULL,"
                  + " event_id VARCHAR,"
                  + " reactivation BOOLEAN NOT NULL)"),
          // 4: what the analytics decided per customer (segments, style, touch model, action),
          // as a JSON object of named values, for the customer view.
          List.of(
              "CREATE TABLE decisions (customer_id VARCHAR NOT NULL, decided VARCHAR NOT NULL)"));

  static int currentVersion() {
    return MIGRATIONS.size();
  }
}
