package dev.rapport.io;

import java.nio.file.Path;

/** Told how far an import has got, so that a command line can draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Called every few thousand rows and at the end of each file.
   *
   * @param bytesRead bytes consumed so far over all inputs (compressed bytes for {@code .gz};
   *     estimated from the row count for Parquet)
   * @param totalBytes the sum of the sizes of all inputs
   */
  void progress(long bytesRead, long totalBytes);

  /** Called when the import of a file starts. */
  default void fileStarted(Path file, long size) {}

  /** A listener that ignores progress. */
  static ProgressListener none() {
    return (read, total) -> {};
  }
}
