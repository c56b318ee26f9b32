package dev.rapport.io;

/** Where an import sends the rows it rejects (DESIGN §8: quarantine, never silent loss). */
@FunctionalInterface
public interface RejectSink {
  /**
   * Records a rejected row.
   *
   * @param rejection the file, line, field, value and rule
   * @param raw the record as it stood in the file (fields joined by the delimiter, or the JSON
   *     line)
   */
  void reject(Rejection rejection, String raw);

  /** Makes what was recorded durable; called by the importer at the end of a run. */
  default void flush() {}

  /** A sink that drops rejects (they are still counted by the importer). */
  static RejectSink discard() {
    return (rejection, raw) -> {};
  }
}
