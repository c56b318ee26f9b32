package dev.rapport.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A text file opened for reading: UTF-8 with malformed bytes replaced by U+FFFD (so that the row
 * can be rejected rather than the file), a byte-order mark skipped, {@code .gz} decompressed, and
 * the bytes taken from the file counted for progress.
 */
final class TextInput implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final CountingInputStream counter;
  private final Reader reader;
  private final long size;

  private TextInput(CountingInputStream counter, Reader reader, long size) {
    this.counter = counter;
    this.reader = reader;
    this.size = size;
  }

  static TextInput open(Path file) throws IOException {
    long size = Files.size(file);
    CountingInputStream counter = new CountingInputStream(Files.newInputStream(file));
    try {
      InputStream in = counter;
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
        in = new GZIPInputStream(in, BUFFER);
      }
      BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
      skipByteOrderMark(buffered);
      // InputStreamReader(InputStream, Charset) replaces malformed input with U+FFFD.
      return new TextInput(counter, new InputStreamReader(buffered, StandardCharsets.UTF_8), size);
    } catch (IOException | RuntimeException e) {
      counter.close();
      throw e;
    }
  }

  private static void skipByteOrderMark(BufferedInputStream in) throws IOException {
    in.mark(3);
    if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) {
      in.reset();
    }
  }

  Reader reader() {
    return reader;
  }

  long bytesRead() {
    return counter.count();
  }

  long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
