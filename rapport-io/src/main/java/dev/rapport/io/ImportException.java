package dev.rapport.io;

import java.nio.file.Path;

/**
 * A problem that stops the import of a whole file: the file is missing or unreadable, the header
 * lacks a column the mapping names, the Parquet file is corrupt. The message names the file and the
 * problem, e.g. {@code data/x.csv: header has 1 column 'a;b;c' — is the delimiter ';'?}.
 */
public final class ImportException extends RuntimeException {
  private final transient Path file;

  public ImportException(Path file, String problem) {
    this(file, problem, null);
  }

  public ImportException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file the problem is in. */
  public Path file() {
    return file;
  }
}
