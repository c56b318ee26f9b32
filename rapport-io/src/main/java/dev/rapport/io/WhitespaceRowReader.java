package dev.rapport.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Text whose fields are separated by runs of blanks (spaces and tabs), such as CDNOW_master.txt:
 * leading and trailing blanks are ignored and there is no quoting.
 */
final class WhitespaceRowReader implements RowReader {
  private final Path file;
  private final TextInput input;
  private final BufferedReader lines;
  private final List<String> columns;
  private String[] fields = new String[16];
  private long lineNumber;

  WhitespaceRowReader(Path file, Mapping.CsvOptions options) throws IOException {
    this.file = file;
    this.input = TextInput.open(file);
    this.lines = new BufferedReader(input.reader(), 1 << 16);
    try {
      if (options.header()) {
        String[] header = nextFields();
        if (header == null) {
          throw new ImportException(file, "is empty; expected a header line");
        }
        this.columns = List.of(header);
      } else {
        this.columns = options.columns();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private String[] nextFields() {
    String line;
    try {
      do {
        line = lines.readLine();
        if (line == null) {
          return null;
        }
        lineNumber++;
      } while (line.isBlank());
    } catch (IOException e) {
      throw new ImportException(file, "cannot be read after line " + lineNumber + ": " + e, e);
    }
    return split(line);
  }

  private String[] split(String line) {
    int n = 0;
    int i = 0;
    int len = line.length();
    while (true) {
      while (i < len && isBlank(line.charAt(i))) {
        i++;
      }
      if (i == len) {
        break;
      }
      int start = i;
      while (i < len && !isBlank(line.charAt(i))) {
        i++;
      }
      if (n == fields.length) {
        fields = Arrays.copyOf(fields, n * 2);
      }
      fields[n++] = line.substring(start, i);
    }
    return Arrays.copyOf(fields, n);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public RawRow next() {
    String[] values = nextFields();
    return values == null ? null : new RawRow(lineNumber, values);
  }

  @Override
  public String raw(RawRow row) {
    return String.join(" ", row.values());
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
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
