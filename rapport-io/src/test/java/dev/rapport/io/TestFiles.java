package dev.rapport.io;

import dev.rapport.core.Interaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small fixtures shared by the tests: files in a temporary folder and in-memory sinks. */
final class TestFiles {
  private TestFiles() {}

  static Path write(Path dir, String name, String content) {
    return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<RawRow> readAll(RowReader reader) {
    List<RawRow> rows = new ArrayList<>();
    RawRow r;
    while ((r = reader.next()) != null) {
      rows.add(r);
    }
    return rows;
  }

  /** An event sink that keeps one event per id, as a store would. */
  static final class MemoryEventSink implements EventSink {
    final Map<String, Interaction> events = new LinkedHashMap<>();
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public int append(List<Interaction> batch) {
      batchSizes.add(batch.size());
      int added = 0;
      for (Interaction i : batch) {
        if (events.putIfAbsent(i.eventId(), i) == null) {
          added++;
        }
      }
      return added;
    }

    List<Interaction> list() {
      return new ArrayList<>(events.values());
    }
  }

  /** A reject sink that keeps everything it is given. */
  static final class MemoryRejectSink implements RejectSink {
    final List<Rejection> rejections = new ArrayList<>();
    final List<String> raws = new ArrayList<>();

    @Override
    public void reject(Rejection rejection, String raw) {
      rejections.add(rejection);
      raws.add(raw);
    }
  }
}
