package dev.rapport.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one input file as {@link RawRow}s over a header, streaming: memory does not grow with the
 * file. Readers are not thread-safe.
 *
 * <ul>
 *   <li>CSV (FastCSV): any single-character delimiter, quoted fields with embedded delimiters,
 *       quotes and newlines, CRLF or LF; empty lines skipped.
 *   <li>Whitespace-delimited text ({@code csv.delimiter: whitespace}): fields split on runs of
 *       spaces and tabs, leading and trailing blanks ignored, no quoting.
 *   <li>JSON Lines (Jackson): one object per line, nested objects flattened with dots ({@code
 *       {"a":{"b":1}}} gives column {@code a.b}); arrays kept as JSON text; null reads as empty.
 *       The columns are the keys of the first object followed by any other column the mapping
 *       names; a key missing from a line reads as empty. A line that is not a JSON object throws
 *       {@link MalformedRowException}.
 *   <li>Parquet (DuckDB {@code read_parquet}): columns as in the file; values as DuckDB prints
 *       them, timestamps in ISO-8601.
 * </ul>
 *
 * <p>Text is decoded as UTF-8 with malformed bytes replaced by U+FFFD; a byte-order mark is
 * skipped; {@code .gz} files are decompressed. Field counts are not checked here (a short record is
 * the mapper's rejection), so a reader never fails on one bad record.
 */
public interface RowReader extends Closeable {
  /** The column names: the header, {@code csv.columns}, or the keys found. */
  List<String> columns();

  /**
   * The next row, or null at the end of the file.
   *
   * @throws MalformedRowException for a record that is not a row; reading may continue
   * @throws ImportException when the file cannot be read further
   */
  RawRow next();

  /** The row as it stood in the file (fields joined by the delimiter, or the JSON line). */
  String raw(RawRow row);

  /**
   * True when {@link #raw} is exact only for the row last read (the JSON Lines reader keeps that
   * row's text), so rows must be mapped and rejected one at a time, not in parallel chunks.
   */
  default boolean rawOnlyForLastRow() {
    return false;
  }

  /**
   * Bytes of the file consumed so far (compressed bytes for {@code .gz}; estimated for Parquet).
   */
  long bytesRead();

  /** The size of the file in bytes. */
  long size();

  @Override
  void close();

  /**
   * Opens a file with the format of the mapping, or of the file's extension when the mapping gives
   * none.
   *
   * @throws ImportException when the file is missing, unreadable, of unknown format or lacks a
   *     header
   */
  static RowReader open(Mapping mapping, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(
          file, Files.exists(file) ? "is not a regular file" : "file not found");
    }
    if (!Files.isReadable(file)) {
      throw new ImportException(file, "cannot be read (permission denied)");
    }
    Format format =
        mapping
            .format()
            .or(() -> Format.ofFileName(file))
            .orElseThrow(
                () ->
                    new ImportException(
                        file,
                        "cannot tell the format from the file name; set format: csv, jsonl or"
                            + " parquet in the mapping "
                            + mapping.origin()));
    try {
      switch (format) {
        case CSV:
          return mapping.csv.whitespace()
              ? new WhitespaceRowReader(file, mapping.csv)
              : new CsvRowReader(file, mapping.csv);
        case JSONL:
          return new JsonLinesRowReader(file, mapping.columns());
        default:
          return new ParquetRowReader(file);
      }
    } catch (IOException e) {
      throw new ImportException(file, "cannot be read: " + e, e);
    }
  }
}
