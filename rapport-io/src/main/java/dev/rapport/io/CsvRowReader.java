package dev.rapport.io;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Delimited text through FastCSV. */
final class CsvRowReader implements RowReader {
  private final Path file;
  private final TextInput input;
  private final CsvReader<CsvRecord> csv;
  private final CloseableIterator<CsvRecord> records;
  private final List<String> columns;
  private final String delimiter;
  private long lastLine;

  CsvRowReader(Path file, Mapping.CsvOptions options) throws IOException {
    this.file = file;
    char d = options.delimiterFor(file);
    this.delimiter = String.valueOf(d);
    this.input = TextInput.open(file);
    this.csv =
        CsvReader.builder()
            .fieldSeparator(d)
            .quoteCharacter(options.quote())
            .skipEmptyLines(true)
            .ignoreDifferentFieldCount(true)
            .ofCsvRecord(input.reader());
    this.records = csv.iterator();
    try {
      if (options.header()) {
        if (!hasNext()) {
          throw new ImportException(file, "is empty; expected a header line");
        }
        CsvRecord header = records.next();
        List<String> names = new ArrayList<>(header.getFieldCount());
        for (int i = 0; i < header.getFieldCount(); i++) {
          names.add(header.getField(i).strip());
        }
        this.columns = List.copyOf(names);
      } else {
        this.columns = options.columns();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  private boolean hasNext() {
    try {
      return records.hasNext();
    } catch (CsvParseException e) {
      throw new ImportException(
          file, "cannot be parsed as CSV after line " + lastLine + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new ImportException(file, "cannot be read: " + e.getCause(), e);
    }
  }

  @Override
  public RawRow next() {
    if (!hasNext()) {
      return null;
    }
    CsvRecord r = records.next();
    int n = r.getFieldCount();
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = r.getField(i);
    }
    lastLine = r.getStartingLineNumber();
    return new RawRow(lastLine, values);
  }

  @Override
  public String raw(RawRow row) {
    return String.join(delimiter, row.values());
  }

  @Override
  public long bytesRead() {
    return input.bytesRead();
  }

  @Override
  public long size() {
    return input.size();
  }

  @Override
  public void close() {
    try {
      csv.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
