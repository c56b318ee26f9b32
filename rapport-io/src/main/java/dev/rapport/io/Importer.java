package dev.rapport.io;

import dev.rapport.core.Interaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
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
  private final int mappingThreads;

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
    this.mappingThreads = defaultMappingThreads();
  }

  private Importer(
      int batchSize, java.util.function.Predicate<String> blockedIdentifier, int mappingThreads) {
    this.batchSize = batchSize;
    this.blockedIdentifier = blockedIdentifier;
    this.mappingThreads = mappingThreads;
  }

  /**
   * An importer that treats identifier values the predicate calls junk as absent, so that a row
   * identified only by junk (e.g. {@code test@test.com}) is rejected with that reason.
   */
  public Importer withBlocklist(java.util.function.Predicate<String> isBlocked) {
    return new Importer(batchSize, isBlocked, mappingThreads);
  }

  /**
   * The cores left after the reading thread and the sink's thread. On two cores that is none:
   * there, mapping on two extra threads was measured no faster (10 M rows: 2.45 s either way) while
   * burning 60% more CPU in cross-core traffic, because both cores were already busy.
   */
  static int defaultMappingThreads() {
    return Math.max(0, Runtime.getRuntime().availableProcessors() - 2);
  }

  /**
   * An importer that maps rows on {@code threads} threads besides the reading one (0: map on the
   * reading thread); by default {@link #defaultMappingThreads()}. Results never depend on it: rows
   * are counted, rejected, numbered and delivered in file order whatever the number of threads.
   */
  public Importer withMappingThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("mapping threads must be >= 0, got " + threads);
    }
    return new Importer(batchSize, blockedIdentifier, threads);
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
    BiFunction<Path, List<String>, FileMapping<Interaction>> bind =
        (file, columns) -> {
          // The first mapper checks the header (and fails the run early); it then numbers
          // identical rows, in file order, for the mappers on the worker threads.
          RowMapper numbering = RowMapper.of(mapping, file, columns, blockedIdentifier);
          return new FileMapping<>(
              () -> RowMapper.of(mapping, file, columns, blockedIdentifier)::mapUnnumbered,
              numbering::number);
        };
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
    BiFunction<Path, List<String>, FileMapping<CustomerAttributes>> bind =
        (file, columns) -> {
          CustomerRowMapper.of(mapping, file, columns, blockedIdentifier); // checks the header
          return new FileMapping<>(
              () -> CustomerRowMapper.of(mapping, file, columns, blockedIdentifier)::map,
              (row, attributes) -> attributes);
        };
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

  /**
   * How the rows of one file are mapped: mappers for the worker threads (each confined to one
   * thread at a time), and a step that sees every accepted row in file order.
   */
  private record FileMapping<T>(
      Supplier<Function<RawRow, Mapped<T>>> newMapper, BiFunction<RawRow, T, T> inOrder) {}

  private <T> ImportResult importRows(
      Mapping mapping,
      List<Path> inputs,
      RejectSink rejects,
      ProgressListener progress,
      BiFunction<Path, List<String>, FileMapping<T>> bind,
      ToIntFunction<List<T>> deliver) {
    long totalBytes = 0;
    for (Path file : inputs) {
      try (RowReader reader = RowReader.open(mapping, file)) {
        bind.apply(file, reader.columns());
        totalBytes += reader.size();
      }
    }
    try (Counts counts = new Counts();
        MappingPool pool = new MappingPool(mappingThreads)) {
      return importFiles(
          mapping, inputs, rejects, progress, bind, deliver, totalBytes, counts, pool);
    }
  }

  private <T> ImportResult importFiles(
      Mapping mapping,
      List<Path> inputs,
      RejectSink rejects,
      ProgressListener progress,
      BiFunction<Path, List<String>, FileMapping<T>> bind,
      ToIntFunction<List<T>> deliver,
      long totalBytes,
      Counts counts,
      MappingPool pool) {
    long doneBytes = 0;
    for (Path file : inputs) {
      try (RowReader reader = RowReader.open(mapping, file)) {
        progress.fileStarted(file, reader.size());
        FileMapping<T> fileMapping = bind.apply(file, reader.columns());
        // Rows are read here, mapped in chunks on the pool, and taken back in file order.
        Chunks<T> chunks =
            new Chunks<>(
                pool,
                fileMapping,
                reader.rawOnlyForLastRow() ? 1 : CHUNK_ROWS,
                reader.rawOnlyForLastRow() || pool.threads == 0);
        Results<T> results =
            new Results<>(file, reader, fileMapping, rejects, deliver, counts, batchSize);
        int sinceProgress = 0;
        while (true) {
          Object entry;
          try {
            entry = reader.next();
          } catch (MalformedRowException e) {
            entry = e;
          }
          if (entry == null) {
            break;
          }
          chunks.add(entry, results);
          if (++sinceProgress == PROGRESS_EVERY_ROWS) {
            sinceProgress = 0;
            progress.progress(doneBytes + reader.bytesRead(), totalBytes);
          }
        }
        chunks.finish(results);
        results.finish();
        counts.awaitAll();
        doneBytes += reader.size();
        progress.progress(doneBytes, totalBytes);
      }
    }
    rejects.flush();
    return new ImportResult(counts.read, counts.accepted, counts.rejected, counts.duplicate);
  }

  /**
   * The result of work handed to another thread, with its failure rethrown here as it was thrown
   * there (unchecked exceptions and errors as themselves, anything else wrapped as {@code what}).
   */
  static <T> T await(Future<T> f, String what) {
    try {
      return f.get();
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
      throw new IllegalStateException(what, e.getCause());
    }
  }

  /** Rows per chunk handed to a mapping thread: large enough to amortise the hand-over. */
  private static final int CHUNK_ROWS = 2048;

  /**
   * Reading order to mapping threads and back: rows (or malformed-row errors) are gathered into
   * chunks, each mapped on the pool by a mapper no other thread uses meanwhile, and the chunks'
   * results are consumed strictly in reading order. At most two chunks per thread are in flight,
   * which bounds memory. With {@code inline}, chunks are mapped on the reading thread.
   */
  private static final class Chunks<T> {
    private final MappingPool pool;
    private final FileMapping<T> fileMapping;
    private final int size;
    private final boolean inline;
    private final java.util.concurrent.ConcurrentLinkedQueue<Function<RawRow, Mapped<T>>> idle =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.ArrayDeque<Object[]> pendingEntries = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Future<Object[]>> pendingResults =
        new java.util.ArrayDeque<>();
    private Object[] chunk;
    private int filled;

    Chunks(MappingPool pool, FileMapping<T> fileMapping, int size, boolean inline) {
      this.pool = pool;
      this.fileMapping = fileMapping;
      this.size = size;
      this.inline = inline;
      this.chunk = new Object[size];
    }

    void add(Object entry, Results<T> results) {
      chunk[filled++] = entry;
      if (filled == size) {
        submit(results);
      }
    }

    void finish(Results<T> results) {
      if (filled > 0) {
        submit(results);
      }
      while (!pendingEntries.isEmpty()) {
        results.take(pendingEntries.poll(), MappingPool.await(pendingResults.poll()));
      }
    }

    private void submit(Results<T> results) {
      Object[] entries = filled == size ? chunk : java.util.Arrays.copyOf(chunk, filled);
      chunk = new Object[size];
      filled = 0;
      if (inline) {
        results.take(entries, map(entries));
        return;
      }
      pendingEntries.add(entries);
      pendingResults.add(pool.submit(() -> map(entries)));
      while (pendingResults.size() > 2 * pool.threads) {
        results.take(pendingEntries.poll(), MappingPool.await(pendingResults.poll()));
      }
    }

    /** Maps a chunk: each row's {@link Mapped}, or the malformed-row error as it was read. */
    private Object[] map(Object[] entries) {
      Function<RawRow, Mapped<T>> mapper = idle.poll();
      if (mapper == null) {
        mapper = fileMapping.newMapper().get();
      }
      Object[] out = new Object[entries.length];
      for (int i = 0; i < entries.length; i++) {
        out[i] = entries[i] instanceof RawRow ? mapper.apply((RawRow) entries[i]) : entries[i];
      }
      idle.add(mapper);
      return out;
    }
  }

  /** Takes mapped rows in file order: counts them, sends rejects on, batches the accepted. */
  private static final class Results<T> {
    private final String fileName;
    private final RowReader reader;
    private final FileMapping<T> fileMapping;
    private final RejectSink rejects;
    private final ToIntFunction<List<T>> deliver;
    private final Counts counts;
    private final int batchSize;
    private List<T> batch;

    Results(
        Path file,
        RowReader reader,
        FileMapping<T> fileMapping,
        RejectSink rejects,
        ToIntFunction<List<T>> deliver,
        Counts counts,
        int batchSize) {
      this.fileName = file.getFileName().toString();
      this.reader = reader;
      this.fileMapping = fileMapping;
      this.rejects = rejects;
      this.deliver = deliver;
      this.counts = counts;
      this.batchSize = batchSize;
      this.batch = new ArrayList<>(batchSize);
    }

    @SuppressWarnings("unchecked")
    void take(Object[] entries, Object[] mapped) {
      for (int i = 0; i < entries.length; i++) {
        counts.read++;
        if (mapped[i] instanceof MalformedRowException) {
          MalformedRowException e = (MalformedRowException) mapped[i];
          counts.rejected++;
          rejects.reject(new Rejection(fileName, e.line(), "", "", e.rule()), e.raw());
          continue;
        }
        RawRow row = (RawRow) entries[i];
        Mapped<T> m = (Mapped<T>) mapped[i];
        if (m.isAccepted()) {
          batch.add(fileMapping.inOrder().apply(row, m.value()));
          if (batch.size() >= batchSize) {
            counts.delivered(batch, deliver);
            batch = new ArrayList<>(batchSize);
          }
        } else {
          counts.rejected++;
          rejects.reject(m.rejection(), reader.raw(row));
        }
      }
    }

    void finish() {
      counts.delivered(batch, deliver);
      batch = new ArrayList<>(batchSize);
    }
  }

  /** The threads that map chunks of rows; none means mapping on the reading thread. */
  private static final class MappingPool implements AutoCloseable {
    final int threads;
    private final java.util.concurrent.ExecutorService executor;

    MappingPool(int threads) {
      this.threads = threads;
      this.executor =
          threads == 0
              ? null
              : java.util.concurrent.Executors.newFixedThreadPool(
                  threads,
                  r -> {
                    Thread t = new Thread(r, "rapport-import-map");
                    t.setDaemon(true);
                    return t;
                  });
    }

    Future<Object[]> submit(java.util.concurrent.Callable<Object[]> task) {
      return executor.submit(task);
    }

    static Object[] await(Future<Object[]> f) {
      return Importer.await(f, "mapping rows failed");
    }

    @Override
    public void close() {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
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
      int[] r = await(f, "the import's sink failed");
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
