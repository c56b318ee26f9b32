package dev.rapport.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Writes rejected rows to a CSV file with the columns {@code file,line,field,value,rule,raw}, where
 * {@code raw} is the record as it stood in the input. The file is created on the first reject only,
 * so a clean import leaves no empty file behind. Not thread-safe.
 */
public final class CsvRejectWriter implements RejectSink, Closeable {
  /** The header of a rejects file. */
  public static final List<String> HEADER =
      List.of("file", "line", "field", "value", "rule", "raw");

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path directory;
  private final String baseName;
  private final boolean exactName;
  private Path file;
  private CsvWriter writer;
  private long count;

  private CsvRejectWriter(Path directory, String baseName, boolean exactName) {
    this.directory = directory;
    this.baseName = baseName;
    this.exactName = exactName;
  }

  /**
   * A writer of {@code <directory>/<source>-<yyyyMMdd-HHmmss>.csv} (with {@code -2}, {@code -3}...
   * added if that name is taken), the time being now on the system clock.
   */
  public static CsvRejectWriter inDirectory(Path directory, String source) {
    return inDirectory(directory, source, Clock.systemDefaultZone());
  }

  /** As {@link #inDirectory(Path, String)}, with the time taken from {@code clock}. */
  public static CsvRejectWriter inDirectory(Path directory, String source, Clock clock) {
    return new CsvRejectWriter(
        directory, safeName(source) + "-" + STAMP.format(LocalDateTime.now(clock)), false);
  }

  /** A writer of exactly this file, replacing it if it exists. */
  public static CsvRejectWriter toFile(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return new CsvRejectWriter(dir, file.getFileName().toString(), true);
  }

  private static String safeName(String source) {
    StringBuilder b = new StringBuilder(source.length());
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      b.append(ok ? c : '_');
    }
    return b.length() == 0 ? "rejects" : b.toString();
  }

  @Override
  public void reject(Rejection r, String raw) {
    try {
      if (writer == null) {
        open();
      }
      writer.writeRecord(r.file(), Long.toString(r.line()), r.field(), r.value(), r.rule(), raw);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write rejects to " + file, e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot write rejects to " + file, e.getCause());
    }
  }

  private void open() throws IOException {
    Files.createDirectories(directory);
    CsvWriter.CsvWriterBuilder builder = CsvWriter.builder().lineDelimiter(LineDelimiter.LF);
    if (exactName) {
      file = directory.resolve(baseName);
      writer = builder.build(file, StandardCharsets.UTF_8);
    } else {
      for (int n = 1; writer == null; n++) {
        Path candidate = directory.resolve(baseName + (n == 1 ? "" : "-" + n) + ".csv");
        try {
          writer =
              builder.build(
                  candidate,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE);
          file = candidate;
        } catch (FileAlreadyExistsException e) {
          // taken by an earlier import in the same second: try the next suffix
        }
      }
    }
    writer.writeRecord(HEADER);
  }

  /** The rejects file, once the first reject has created it. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** How many rejects were written. */
  public long count() {
    return count;
  }

  @Override
  public void flush() {
    if (writer != null) {
      try {
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write rejects to " + file, e);
      }
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write rejects to " + file, e);
      }
    }
  }
}
