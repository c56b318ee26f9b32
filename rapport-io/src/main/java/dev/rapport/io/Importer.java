package dev.rapport.io;

import dev.rapport.core.Interaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Imports files through a mapping, streaming: rows are read, mapped and handed on in batches, so
 * memory stays bounded whatever the size of the input. Every row read is accounted for as accepted,
 * rejected (sent to the {@link RejectSink} with its reason) or duplicate (its event id already
 * known to the sink), and a re-run of the same import adds nothing.
 *
 * <p>Before any row is delivered, every input is opened and its header checked against the mapping,
 * so a missing file or column fails the run with an {@link ImportException} before it has
 * half-happened. The batch in progress is delivered at the end of each file.
 */
public final class Importer {
  public static final int DEFAULT_BATCH_SIZE = 10_000;
  private static final int PROGRESS_EVERY_ROWS = 1 << 14;

  private final int batchSize;
  private final java.util.function.Predicate<String> blockedIdentifier;

  public Importer() {
    this(DEFAULT_BATCH_SIZE);
  }

  /** An importer that hands on batches of at most {@code batchSize} rows. */
  public Importer(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.blockedIdentifier = value -> false;
  }

  private Importer(int batchSize, java.util.function.Predicate<String> blockedIdentifier) {
    this.batchSize = batchSize;
    this.blockedIdentifier = blockedIdentifier;
  }

  /**
   * An importer that treats identifier values the predicate calls junk as absent, so that a row
   * identified only by junk (e.g. {@code test@test.com}) is rejected with that reason.
   */
  public Importer withBlocklist(java.util.function.Predicate<String> isBlocked) {
    return new Importer(batchSize, isBlocked);
  }

  /**
   * Imports interactions.
   *
   * @param mapping an events mapping
   * @param inputs the files, imported in order
   * @param sink receives accepted interactions and says how many were new
   * @param rejects receives every rejected row with its reason; flushed at the end, not closed
   * @param progress told of bytes read over all inputs
   * @throws ImportException when a file is missing, unreadable or lacks a column the mapping names
   * @throws IllegalArgumentException for a {@code kind: customers} mapping
   */
  public ImportResult run(
      Mapping mapping,
      List<Path> inputs,
      EventSink sink,
      RejectSink rejects,
      ProgressListener progress) {
    if (mapping.isCustomers()) {
      throw new IllegalArgumentException(
          "mapping " + mapping.origin() + " is a kind: customers mapping; use runCustomers");
    }
    BiFunction<Path, List<String>, Function<RawRow, Mapped<Interaction>>> bind =
        (file, columns) -> RowMapper.of(mapping, file, columns, blockedIdentifier)::map;
    return importRows(mapping, inputs, rejects, progress, bind, sink::append);
  }

  /**
   * Imports a customer attribute file. Nothing is a duplicate: a later row for the same customer
   * overrides the attributes it names.
   *
   * @param mapping a {@code kind: customers} mapping
   * @throws ImportException when a file is missing, unreadable or lacks a column the mapping names
   * @throws IllegalArgumentException for an events mapping
   */
  public ImportResult runCustomers(
      Mapping mapping,
      List<Path> inputs,
      AttributeSink sink,
      RejectSink rejects,
      ProgressListener progress) {
    if (!mapping.isCustomers()) {
      throw new IllegalArgumentException(
          "mapping " + mapping.origin() + " is an events mapping; use run");
    }
    BiFunction<Path, List<String>, Function<RawRow, Mapped<CustomerAttributes>>> bind =
        (file, columns) -> CustomerRowMapper.of(mapping, file, columns, blockedIdentifier)::map;
    return importRows(
        mapping,
        inputs,
        rejects,
        progress,
        bind,
        batch -> {
          sink.accept(batch);
          return batch.size();
        });
  }

  private <T> ImportResult importRows(
      Mapping mapping,
      List<Path> inputs,
      RejectSink rejects,
      ProgressListener progress,
      BiFunction<Path, List<String>, Function<RawRow, Mapped<T>>> bind,
      ToIntFunction<List<T>> deliver) {
    long totalBytes = 0;
    for (Path file : inputs) {
      try (RowReader reader = RowReader.open(mapping, file)) {
        bind.apply(file, reader.columns());
        totalBytes += reader.size();
      }
    }
    try (Counts counts = new Counts()) {
      return importFiles(mapping, inputs, rejects, progress, bind, deliver, totalBytes, counts);
    }
  }

  private <T> ImportResult importFiles(
      Mapping mapping,
      List<Path> inputs,
      RejectSink rejects,
      ProgressListener progress,
      BiFunction<Path, List<String>, Function<RawRow, Mapped<T>>> bind,
      ToIntFunction<List<T>> deliver,
      long totalBytes,
      Counts counts) {
    long doneBytes = 0;
    for (Path file : inputs) {
      String fileName = file.getFileName().toString();
      List<T> batch = new ArrayList<>(batchSize);
      try (RowReader reader = RowReader.open(mapping, file)) {
        progress.fileStarted(file, reader.size());
        Function<RawRow, Mapped<T>> mapper = bind.apply(file, reader.columns());
        int sinceProgress = 0;
        while (true) {
          RawRow row;
          try {
            row = reader.next();
          } catch (MalformedRowException e) {
            counts.read++;
            counts.rejected++;
            rejects.reject(new Rejection(fileName, e.line(), "", "", e.rule()), e.raw());
            continue;
          }
          if (row == null) {
            break;
          }
          counts.read++;
          Mapped<T> mapped = mapper.apply(row);
          if (mapped.isAccepted()) {
            batch.add(mapped.value());
            if (batch.size() >= batchSize) {
              counts.delivered(batch, deliver);
              batch = new ArrayList<>(batchSize);
            }
          } else {
            counts.rejected++;
            rejects.reject(mapped.rejection(), reader.raw(row));
          }
          if (++sinceProgress == PROGRESS_EVERY_ROWS) {
            sinceProgress = 0;
            progress.progress(doneBytes + reader.bytesRead(), totalBytes);
          }
        }
        counts.delivered(batch, deliver);
        counts.awaitAll();
        doneBytes += reader.size();
        progress.progress(doneBytes, totalBytes);
      }
    }
    rejects.flush();
    return new ImportResult(counts.read, counts.accepted, counts.rejected, counts.duplicate);
  }

  /**
   * Row accounting, and the hand-over of batches to the sink on one background thread: reading and
   * mapping the next batch overlaps with the sink storing the last one (the sink still sees batches
   * one at a time, in file order). At most {@link #IN_FLIGHT} batches wait, which bounds memory; a
   * sink failure is rethrown on the importing thread.
   */
  private static final class Counts implements AutoCloseable {
    private static final int IN_FLIGHT = 2;
    long read;
    long accepted;
    long rejected;
    long duplicate;
    private final java.util.ArrayDeque<java.util.concurrent.Future<int[]>> inFlight =
        new java.util.ArrayDeque<>();
    private final java.util.concurrent.ExecutorService sink =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "rapport-import-sink");
              t.setDaemon(true);
              return t;
            });

    <T> void delivered(List<T> batch, ToIntFunction<List<T>> deliver) {
      if (batch.isEmpty()) {
        return;
      }
      inFlight.add(sink.submit(() -> new int[] {deliver.applyAsInt(batch), batch.size()}));
      while (inFlight.size() > IN_FLIGHT) {
        settle(inFlight.poll());
      }
    }

    /** Waits for every batch handed over so far and counts it. */
    void awaitAll() {
      while (!inFlight.isEmpty()) {
        settle(inFlight.poll());
      }
    }

    private void settle(java.util.concurrent.Future<int[]> f) {
      int[] r;
      try {
        r = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while importing", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        if (e.getCause() instanceof Error) {
          throw (Error) e.getCause();
        }
        throw new IllegalStateException("the import's sink failed", e.getCause());
      }
      int added = r[0];
      int size = r[1];
      if (added < 0 || added > size) {
        throw new IllegalStateException(
            "sink reported " + added + " new rows for a batch of " + size);
      }
      accepted += added;
      duplicate += size - added;
    }

    @Override
    public void close() {
      sink.shutdownNow();
    }
  }
}
