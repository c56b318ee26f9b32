package dev.rapport.store;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a workspace keeps what Rapport knows: the event log, the identity links and profiles of the
 * last analysis, customer attributes and a few key/values about the store itself.
 *
 * <p>This is the port; {@link #openDuckDb(Path)} gives the embedded adapter and {@link
 * #openPostgres} the PostgreSQL one, and one contract suite runs against both. What every adapter
 * guarantees:
 *
 * <ul>
 *   <li>Event ids are unique: appending an event whose id is stored already adds nothing, so an
 *       import can be re-run safely.
 *   <li>Every write method is one transaction: on failure nothing of it is kept.
 *   <li>Instants are kept to the microsecond, as in the batch engine and in PostgreSQL; finer
 *       digits are dropped.
 *   <li>A NaN double is stored as SQL {@code NULL} and read back as NaN.
 *   <li>Failures of the database are reported as {@link StoreException}, naming the operation and
 *       the database, with the driver's exception as the cause. Bad arguments are {@link
 *       IllegalArgumentException}s; using a closed store is an {@link IllegalStateException}.
 * </ul>
 *
 * <p>Implementations are safe to share between threads; writes are serialised.
 */
public interface Store extends AutoCloseable {

  /**
   * Opens the DuckDB database at {@code file}, creating the file, its parent folders and the schema
   * when absent and migrating an older schema to the current one.
   *
   * @throws StoreException when the file cannot be opened (e.g. another process holds it) or was
   *     written by a newer Rapport
   */
  static Store openDuckDb(Path file) {
    return DuckDbStore.open(file);
  }

  /**
   * Opens the store kept in {@code schema} of the PostgreSQL database at {@code jdbcUrl} (user and
   * password as URL parameters), creating and migrating the schema when needed.
   *
   * @param schema a PostgreSQL schema name, {@code [a-z_][a-z0-9_]*}
   * @throws StoreException when the database cannot be reached or its schema is newer than this
   *     Rapport's
   */
  static Store openPostgres(String jdbcUrl, String schema) {
    return PostgresStore.open(jdbcUrl, schema, 8);
  }

  /**
   * As {@link #openPostgres(String, String)}, with at most {@code connections} connections: one for
   * a writer that is never used by two threads at once (each subtask of the Flink job's sinks), so
   * that a job of many subtasks does not hold eight connections for each. A streaming read whose
   * action calls back into the store needs two.
   */
  static Store openPostgres(String jdbcUrl, String schema, int connections) {
    return PostgresStore.open(jdbcUrl, schema, connections);
  }

  // ---- events ------------------------------------------------------------------------------

  /**
   * Adds the events whose id is not stored yet, in one transaction. An event repeated within the
   * batch is added once, the first occurrence winning.
   *
   * @return how many events were newly added, between 0 and the batch size
   * @throws IllegalArgumentException when an identifier value holds the unit separator U+001F,
   *     which the stored form reserves
   */
  int appendEvents(List<Interaction> batch);

  /**
   * As {@link #appendEvents}, returning the events newly added, in batch order: what a live engine
   * must fold, and what an idempotent API reports as new rather than repeated. When it returns, the
   * events are committed (durable in the write-ahead log).
   */
  List<Interaction> appendNewEvents(List<Interaction> batch);

  /** How many events are stored. */
  long eventCount();

  /**
   * Streams every event before {@code untilExclusive} (all events when null) to {@code action} in
   * the order the profile fold needs: by time; at the same instant touches before every other kind
   * (so a response never precedes the touch it answers); then by event id. Events are read in
   * chunks, never all held in memory; the action may call back into this store.
   */
  void forEachEvent(Instant untilExclusive, Consumer<Interaction> action);

  /**
   * As {@link #forEachEvent}, only the events that carry free text (survey answers, reviews,
   * complaints, messages): the input of the feedback analysis, read without the rest of the log.
   */
  void forEachEventWithText(Instant untilExclusive, Consumer<Interaction> action);

  /**
   * As {@link #forEachEvent}, only the events of the given kinds (e.g. referrals and reviews for
   * the advocacy view), read without the rest of the log.
   *
   * @throws IllegalArgumentException when {@code kinds} is empty
   */
  void forEachEventOfKind(Instant untilExclusive, Set<Kind> kinds, Consumer<Interaction> action);

  /** The time of the earliest event, or null when there is none. */
  Instant minEventTime();

  /** The time of the latest event, or null when there is none. */
  Instant maxEventTime();

  /**
   * A page of the timeline of the events that carry any of {@code ids}: newest first, the exact
   * reverse of the {@link #forEachEvent} order.
   *
   * @param limit the page size, at least 0
   * @param offset how many of the newest events to skip, at least 0
   */
  List<Interaction> eventsWithAnyIdentifier(Collection<Identifier> ids, int limit, int offset);

  // ---- identity ----------------------------------------------------------------------------

  /**
   * Replaces all identity links by {@code customerIdByIdentifier}, in one transaction: after it,
   * exactly these identifiers are linked, each to its customer's display id.
   */
  void replaceIdentityLinks(Map<Identifier, String> customerIdByIdentifier);

  /** The display id of the customer {@code id} is linked to. */
  Optional<String> customerOf(Identifier id);

  /** The identifiers linked to a customer, in {@link Identifier} order; empty when unknown. */
  List<Identifier> identifiersOf(String customerId);

  // ---- profiles ----------------------------------------------------------------------------

  /**
   * Replaces all profiles by {@code profiles}, in one transaction.
   *
   * @throws IllegalArgumentException when two profiles have the same customer id
   */
  void replaceProfiles(List<CustomerProfile> profiles);

  /** The stored profile of a customer, by display id, equal to the one stored. */
  Optional<CustomerProfile> profile(String customerId);

  /** Every stored profile, by customer key. */
  List<CustomerProfile> profiles();

  /**
   * The meta key that says what keeps the profile and lifecycle tables: {@link #PROFILES_BY_STREAM}
   * when a stream keeps them current customer by customer (the Flink job), otherwise the last
   * analysis.
   */
  String META_PROFILES_BY = "profiles_by";

  /**
   * See {@link #META_PROFILES_BY}: read the tables as they are, never fold all events over them.
   */
  String PROFILES_BY_STREAM = "stream";

  /**
   * Streams every stored profile to {@code action}, by customer id, without holding them all: for
   * passes over a profile table larger than memory (population models over the Flink job's table).
   * The action may call back into the store.
   */
  void forEachProfile(Consumer<CustomerProfile> action);

  /** How many profiles are stored. */
  long profileCount();

  // ---- lifecycles --------------------------------------------------------------------------

  /**
   * Replaces every customer's lifecycle, in one transaction.
   *
   * @param lifecycles by customer display id
   */
  void replaceLifecycles(Map<String, Lifecycle> lifecycles);

  /**
   * Writes some customers' profiles and lifecycles over what is stored for them, and removes the
   * profiles and lifecycles of {@code removed}, in one transaction; other customers' rows stay. The
   * incremental form of {@link #replaceProfiles} and {@link #replaceLifecycles}, for a stream that
   * refreshes customers one at a time (the Flink job's sink). Writing the same call twice leaves
   * the same rows, so a replay after a restart writes nothing twice.
   *
   * @param lifecycles by customer display id
   * @param removed customers who no longer exist (merged into another); their events stay
   * @throws IllegalArgumentException when two profiles have the same customer id
   */
  void updateCustomers(
      List<CustomerProfile> profiles,
      Map<String, Lifecycle> lifecycles,
      Collection<String> removed);

  /**
   * Replaces what the analytics decided for each customer (named values such as {@code
   * dominant_style} or {@code nba_channel}), in one transaction.
   */
  void replaceDecisions(Map<String, Map<String, String>> byCustomer);

  /** What was decided for a customer, in the order stored; empty when nothing is stored. */
  Map<String, String> decisions(String customerId);

  /** Every stored lifecycle, by customer display id. */
  Map<String, Lifecycle> lifecycles();

  /** A customer's stored lifecycle, by display id, equal to the one stored. */
  Optional<Lifecycle> lifecycle(String customerId);

  // ---- customer attributes -----------------------------------------------------------------

  /**
   * Sets attributes of a customer key (normally an identifier's {@code type:value}): each name
   * given takes the value given; names not given keep their value.
   */
  void upsertAttributes(String customerKey, Map<String, String> attributes);

  /**
   * Sets attributes for many identifiers in one transaction, as {@link #upsertAttributes(String,
   * Map)} for each entry in order: a later entry for the same identifier and name wins.
   */
  void upsertAttributes(List<Map.Entry<Identifier, Map<String, String>>> batch);

  /**
   * The attributes of all {@code ids} merged into one map. Where two identifiers hold the same
   * name, the value written last wins.
   */
  Map<String, String> attributesOf(Collection<Identifier> ids);

  /**
   * Every customer's attributes, by the customer each attribute's identifier is linked to in the
   * latest analysis: customer id → name → value. Where two of a customer's identifiers hold the
   * same name, the value written last wins.
   */
  Map<String, Map<String, String>> attributesByCustomer();

  // ---- campaigns ---------------------------------------------------------------------------

  /**
   * Activity of every campaign named on a touch: sends, held-out assignments, responses and
   * purchases carrying its name. Customers are counted by the identity links of the latest
   * analysis. Ordered by first touch.
   *
   * @param campaign only this campaign; null for all
   */
  List<CampaignActivity> campaignActivity(String campaign);

  /**
   * The units of the campaigns that have a holdout group (some touch with {@code holdout=true}):
   * each customer touched or held out, assigned at their first touch of the campaign, with their
   * responses, purchases and revenue on any channel in {@code [assigned, assigned + window)}.
   * Customers are resolved by the identity links of the latest analysis; events none of whose
   * identifiers is linked are left out. Ordered by campaign, then customer.
   *
   * @param campaign only this campaign; null for all
   */
  List<CampaignUnit> campaignUnits(String campaign, Duration window);

  // ---- privacy -----------------------------------------------------------------------------

  /**
   * Erases a customer everywhere the store keeps them, in one transaction: every event that carries
   * any of {@code ids}, the identity links of those identifiers and of {@code customerId}, the
   * customer's profile, lifecycle and decisions, and the attributes of the identifiers.
   *
   * @return rows erased by table: {@code events}, {@code identity_links}, {@code profiles}, {@code
   *     lifecycle}, {@code decisions}, {@code customer_attributes}
   */
  Map<String, Long> eraseCustomer(String customerId, Collection<Identifier> ids);

  // ---- meta --------------------------------------------------------------------------------

  /** Sets a key/value about the store (e.g. the event count at the last analysis). */
  void putMeta(String key, String value);

  /** A key/value about the store. The key {@code schema_version} is maintained by the store. */
  Optional<String> meta(String key);

  /** Closes the store; calling it again does nothing. */
  @Override
  void close();
}
