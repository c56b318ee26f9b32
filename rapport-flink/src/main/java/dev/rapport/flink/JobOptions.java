package dev.rapport.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's command line (docs/OPERATIONS-FLINK.md): where events come from, where profiles,
 * transitions and rejects go, and the timing settings. Each bad option is refused with its name,
 * the value and the rule, before anything runs.
 *
 * @param kafka Kafka bootstrap servers; null without Kafka
 * @param topic the topic of canonical interactions
 * @param group the consumer group, for a first start's offsets
 * @param files JSON Lines files to backfill from, instead of a topic
 * @param bounded stop at the topic's offsets as of the start
 * @param asOf fold once at this time, at the end of a bounded input; null: stream mode
 * @param postgres the JDBC URL of the PostgreSQL store
 * @param schema its schema
 * @param transitionsTopic where lifecycle transitions go; null: nowhere
 * @param triggersTopic where the trigger rules of {@code rapport.yaml} fire; null: nowhere
 * @param rejectsTopic where rejected records go (one of this and rejectsDir is required)
 * @param rejectsDir a directory for rejected records as JSON Lines
 * @param config {@code rapport.yaml}; null: the defaults
 * @param identityRules {@code identity-rules.jsonl}; null: none
 * @param outOfOrder how late an event may be and still be linked in event-time order
 * @param grain snapshots after new events are coalesced to this
 * @param checkpointInterval how often state, offsets and sinks are checkpointed
 * @param parallelism the parallelism of the keyed operators; 0: the cluster's default
 */
record JobOptions(
    String kafka,
    String topic,
    String group,
    List<Path> files,
    boolean bounded,
    Instant asOf,
    String postgres,
    String schema,
    String transitionsTopic,
    String triggersTopic,
    String rejectsTopic,
    Path rejectsDir,
    Path config,
    Path identityRules,
    Duration outOfOrder,
    Duration grain,
    Duration checkpointInterval,
    int parallelism) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: flink run rapport-flink-job.jar [options]",
          "  events, one of:",
          "    --kafka HOST:PORT --topic T [--group G] [--bounded]",
          "    --files F1[,F2...]          JSON Lines, one canonical interaction a line",
          "  --postgres JDBC_URL           the store (required); --schema S (default rapport)",
          "  --rejects-topic T | --rejects-dir DIR   where rejected records are kept (one required)",
          "  --transitions-topic T         lifecycle transitions, keyed by customer",
          "  --triggers-topic T            the triggers: of rapport.yaml, fired (stream mode)",
          "  --as-of INSTANT               fold once at this time (a backfill); default: stream mode",
          "  --config rapport.yaml  --identity-rules identity-rules.jsonl",
          "  --out-of-order PT1H  --grain PT1M  --checkpoint-interval PT1M  --parallelism N");

  private static final Set<String> FLAGS = Set.of("--bounded");

  /** Thrown for a bad command line; the message names the option, the value and the rule. */
  static final class BadOption extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadOption(String message) {
      super(message + "\n" + USAGE);
    }
  }

  static JobOptions parse(String... args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--")) {
        throw new BadOption("'" + name + "' is not an option: options start with --");
      }
      if (FLAGS.contains(name)) {
        o.put(name, "true");
        continue;
      }
      if (i + 1 >= args.length) {
        throw new BadOption(name + ": needs a value");
      }
      if (o.put(name, args[++i]) != null) {
        throw new BadOption(name + ": given twice");
      }
    }
    Set<String> known =
        Set.of(
            "--kafka",
            "--topic",
            "--group",
            "--files",
            "--bounded",
            "--as-of",
            "--postgres",
            "--schema",
            "--transitions-topic",
            "--triggers-topic",
            "--rejects-topic",
            "--rejects-dir",
            "--config",
            "--identity-rules",
            "--out-of-order",
            "--grain",
            "--checkpoint-interval",
            "--parallelism");
    for (String name : o.keySet()) {
      if (!known.contains(name)) {
        throw new BadOption(name + ": unknown option");
      }
    }
    String kafka = o.get("--kafka");
    List<Path> files = new ArrayList<>();
    if (o.containsKey("--files")) {
      for (String f : o.get("--files").split(",")) {
        Path p = Path.of(f.trim());
        if (!Files.isRegularFile(p)) {
          throw new BadOption("--files: '" + f + "' is not a file");
        }
        files.add(p);
      }
    }
    if (files.isEmpty() == (o.get("--topic") == null)) {
      throw new BadOption("events: give either --topic (with --kafka) or --files, not both");
    }
    if (o.containsKey("--topic") && kafka == null) {
      throw new BadOption("--topic: needs --kafka, the bootstrap servers");
    }
    for (String needsKafka :
        List.of("--transitions-topic", "--triggers-topic", "--rejects-topic")) {
      if (o.containsKey(needsKafka) && kafka == null) {
        throw new BadOption(needsKafka + ": needs --kafka, the bootstrap servers");
      }
    }
    if (!o.containsKey("--rejects-topic") && !o.containsKey("--rejects-dir")) {
      throw new BadOption(
          "rejects: give --rejects-topic or --rejects-dir: rejected records are kept with their"
              + " reasons");
    }
    String postgres = o.get("--postgres");
    if (postgres == null || !postgres.startsWith("jdbc:postgresql:")) {
      throw new BadOption(
          "--postgres: '" + postgres + "' must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
    }
    Instant asOf = o.containsKey("--as-of") ? instant("--as-of", o.get("--as-of")) : null;
    boolean bounded = o.containsKey("--bounded") || !files.isEmpty();
    if (asOf != null && !bounded) {
      throw new BadOption(
          "--as-of: folds once at the end of the input, so the input must end: give --bounded"
              + " or --files");
    }
    if (asOf != null && o.containsKey("--triggers-topic")) {
      throw new BadOption(
          "--triggers-topic: a backfill (--as-of) folds history once and announces none of it");
    }
    Duration grain = duration("--grain", o.getOrDefault("--grain", "PT1M"));
    if (grain.toMillis() % 1_000 != 0 || grain.isZero()) {
      throw new BadOption("--grain: '" + grain + "' must be a positive whole number of seconds");
    }
    int parallelism;
    try {
      parallelism = Integer.parseInt(o.getOrDefault("--parallelism", "0"));
    } catch (NumberFormatException e) {
      throw new BadOption("--parallelism: '" + o.get("--parallelism") + "' is not a number");
    }
    if (parallelism < 0) {
      throw new BadOption("--parallelism: must be 0 (the cluster's default) or more");
    }
    return new JobOptions(
        kafka,
        o.get("--topic"),
        o.getOrDefault("--group", "rapport"),
        List.copyOf(files),
        bounded,
        asOf,
        postgres,
        o.getOrDefault("--schema", "rapport"),
        o.get("--transitions-topic"),
        o.get("--triggers-topic"),
        o.get("--rejects-topic"),
        o.containsKey("--rejects-dir") ? Path.of(o.get("--rejects-dir")) : null,
        o.containsKey("--config") ? existing("--config", o.get("--config")) : null,
        o.containsKey("--identity-rules")
            ? existing("--identity-rules", o.get("--identity-rules"))
            : null,
        duration("--out-of-order", o.getOrDefault("--out-of-order", "PT1H")),
        grain,
        duration("--checkpoint-interval", o.getOrDefault("--checkpoint-interval", "PT1M")),
        parallelism);
  }

  private static Path existing(String name, String value) {
    Path p = Path.of(value);
    if (!Files.isRegularFile(p)) {
      throw new BadOption(name + ": '" + value + "' is not a file");
    }
    return p;
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadOption(
          name
              + ": '"
              + value
              + "' is not an instant (ISO-8601 in UTC, e.g. 2026-01-31T00:00:00Z)");
    }
  }

  private static Duration duration(String name, String value) {
    try {
      Duration d = Duration.parse(value);
      if (d.isNegative()) {
        throw new BadOption(name + ": '" + value + "' must not be negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new BadOption(name + ": '" + value + "' is not a duration (ISO-8601, e.g. PT1M, PT2H)");
    }
  }
}
