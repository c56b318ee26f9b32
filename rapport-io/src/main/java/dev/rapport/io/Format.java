package dev.rapport.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The layout of an input file. */
public enum Format {
  /** Delimited text: comma, semicolon, tab, any single character, or runs of blanks. */
  CSV,
  /** JSON Lines: one JSON object per line; nested objects flattened with dots. */
  JSONL,
  /** Apache Parquet, read through DuckDB. */
  PARQUET;

  /** The lower-case name used in mapping files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format a file's extension implies ({@code .csv .tsv .txt}, {@code .jsonl .ndjson .json},
   * {@code .parquet .pq}; a trailing {@code .gz} is looked through), or empty when it implies none.
   */
  public static Optional<Format> ofFileName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    switch (ext) {
      case "csv":
      case "tsv":
      case "txt":
        return Optional.of(CSV);
      case "jsonl":
      case "ndjson":
      case "json":
        return Optional.of(JSONL);
      case "parquet":
      case "pq":
        return Optional.of(PARQUET);
      default:
        return Optional.empty();
    }
  }

  static boolean isTsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".tsv") || name.endsWith(".tsv.gz");
  }

  /** Parses a format name as written in a mapping file. */
  static Optional<Format> parse(String text) {
    for (Format f : values()) {
      if (f.id().equals(text)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
