package dev.rapport.cli;

import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.io.config.IdentityRulesFile;
import dev.rapport.io.config.WorkspaceConfig;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A workspace folder: {@code rapport.yaml}, the DuckDB file {@code rapport.duckdb}, {@code
 * rejects/} and {@code out/}.
 */
final class Workspace {
  static final String DATABASE = "rapport.duckdb";

  private final Path dir;
  private final RapportConfig config;

  private Workspace(Path dir, RapportConfig config) {
    this.dir = dir;
    this.config = config;
  }

  /** Opens an existing workspace. */
  static Workspace open(Path dir) {
    if (!Files.isRegularFile(dir.resolve(WorkspaceConfig.FILE_NAME))) {
      throw new IllegalArgumentException(
          dir
              + " is not a Rapport workspace (no "
              + WorkspaceConfig.FILE_NAME
              + "); create one with: rapport init "
              + dir);
    }
    Path yaml = dir.resolve(WorkspaceConfig.FILE_NAME);
    RapportConfig loaded = WorkspaceConfig.load(yaml);
    // Merges and splits decided by hand (written by the server) hold in every command.
    RapportConfig config =
        loaded.withIdentity(
            loaded
                .identity()
                .withRules(IdentityRulesFile.load(dir.resolve(IdentityRulesFile.FILE_NAME))));
    try {
      Segmentation.of(config.segments()); // a broken rule fails every command, not only analyze
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(yaml + ": " + e.getMessage(), e);
    }
    return new Workspace(dir, config);
  }

  /** Creates the folders and writes the default configuration unless one exists. */
  static Workspace init(Path dir, boolean force) {
    Path yaml = dir.resolve(WorkspaceConfig.FILE_NAME);
    try {
      Files.createDirectories(dir.resolve("rejects"));
      Files.createDirectories(dir.resolve("out"));
      if (Files.exists(yaml) && !force) {
        throw new IllegalArgumentException(
            yaml + " already exists; use --force to overwrite it with the defaults");
      }
      Files.writeString(yaml, WorkspaceConfig.render(RapportConfig.defaults()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create workspace " + dir, e);
    }
    return open(dir);
  }

  Path dir() {
    return dir;
  }

  RapportConfig config() {
    return config;
  }

  Path rejects() {
    return dir.resolve("rejects");
  }

  Path out() {
    return dir.resolve("out");
  }

  /**
   * The workspace's store: the embedded DuckDB file, or the PostgreSQL database named by the
   * environment variable {@code RAPPORT_STORE} (a JDBC URL; its schema {@code
   * RAPPORT_STORE_SCHEMA}, by default {@code rapport}), for every command alike.
   */
  Store openStore() {
    return openStore(System.getenv("RAPPORT_STORE"));
  }

  /** {@link #openStore()} with {@code url} in place of {@code RAPPORT_STORE}; null for DuckDB. */
  Store openStore(String url) {
    if (url == null || url.isBlank()) {
      return Store.openDuckDb(dir.resolve(DATABASE));
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException( // the URL itself is not shown: it may hold a password
          "the store URL is not a PostgreSQL JDBC URL: it must start with jdbc:postgresql://"
              + " (jdbc:postgresql://host:port/database?user=…&password=…)");
    }
    String schema = System.getenv().getOrDefault("RAPPORT_STORE_SCHEMA", "rapport");
    return Store.openPostgres(url, schema);
  }
}
