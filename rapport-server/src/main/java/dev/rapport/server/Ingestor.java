package dev.rapport.server;

import dev.rapport.core.Interaction;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.store.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: request threads hand their validated events to one writer thread, which takes
 * everything waiting, appends it to the store in one transaction (one WAL sync for many requests),
 * adds the new events to the live engine, and only then completes each request. So a 2xx means the
 * events are on disk and every read after it sees them, and the store sees a single writer, as
 * DuckDB wants.
 *
 * <p>Idempotency comes from the store: an event id stored already is not added again, and the
 * request that sent it is told it was a duplicate.
 */
final class Ingestor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  /** What became of one request's events. */
  record Outcome(int accepted, int duplicates) {}

  /** Events to commit, or a task to run on the writer thread between commits. */
  private record Submission(
      List<Interaction> events, CompletableFuture<Outcome> done, Runnable task) {}

  private static final Submission STOP = new Submission(List.of(), null, null);

  private final Store store;
  private final LiveEngine engine;
  private final Metrics metrics;
  private final int maxEventsPerCommit;
  private final BlockingQueue<Submission> queue = new ArrayBlockingQueue<>(256);
  private final Thread writer;
  private volatile boolean closed;

  Ingestor(Store store, LiveEngine engine, Metrics metrics, int maxEventsPerCommit) {
    this.store = store;
    this.engine = engine;
    this.metrics = metrics;
    this.maxEventsPerCommit = maxEventsPerCommit;
    this.writer = new Thread(this::run, "rapport-ingest-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues a request's events; the future completes once they are committed and folded.
   *
   * @throws ApiException 503 when the server is shutting down or the writer is overloaded
   */
  CompletableFuture<Outcome> submit(List<Interaction> events) {
    if (closed) {
      throw new ApiException(503, "shutting_down", "the server is shutting down; retry elsewhere");
    }
    Submission s = new Submission(events, new CompletableFuture<>(), null);
    enqueue(s);
    return s.done();
  }

  /**
   * Runs a task on the writer thread, after the commits queued before it and before those queued
   * after: for the changes that must not interleave with ingest (erasing a customer).
   */
  <T> CompletableFuture<T> run(java.util.function.Supplier<T> task) {
    if (closed) {
      throw new ApiException(503, "shutting_down", "the server is shutting down; retry elsewhere");
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    enqueue(
        new Submission(
            List.of(),
            null,
            () -> {
              try {
                done.complete(task.get());
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            }));
    return done;
  }

  private void enqueue(Submission s) {
    try {
      if (!queue.offer(s, 10, TimeUnit.SECONDS)) {
        throw new ApiException(
            503, "overloaded", "the ingest queue stayed full for 10 s; retry with backoff");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "interrupted while queueing the events");
    }
  }

  private void run() {
    List<Submission> group = new ArrayList<>();
    while (true) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      if (group.get(0).task() != null) {
        group.get(0).task().run();
        continue;
      }
      int events = group.get(0).events().size();
      Submission next;
      while (events < maxEventsPerCommit && (next = queue.peek()) != null) {
        if (next == STOP || next.task() != null) {
          break;
        }
        group.add(queue.poll());
        events += next.events().size();
      }
      boolean stop = group.get(0) == STOP;
      if (stop) {
        group.remove(0);
      }
      if (!group.isEmpty()) {
        commit(group, events);
      }
      if (stop || (closed && queue.isEmpty())) {
        return;
      }
    }
  }

  private void commit(List<Submission> group, int size) {
    List<Interaction> all = new ArrayList<>(size);
    for (Submission s : group) {
      all.addAll(s.events());
    }
    List<Interaction> fresh;
    long start = System.nanoTime();
    try {
      fresh = store.appendNewEvents(all);
    } catch (RuntimeException e) {
      LOG.error("could not commit {} events; the requests get 503", all.size(), e);
      ApiException failure =
          new ApiException(
              503, "store_unavailable", "the events could not be stored; nothing was kept; retry");
      group.forEach(s -> s.done().completeExceptionally(failure));
      return;
    }
    metrics.committed(all.size(), System.nanoTime() - start);
    long foldStart = System.nanoTime();
    try {
      LiveEngine.Update update = engine.apply(fresh);
      metrics.folded(update, System.nanoTime() - foldStart);
    } catch (RuntimeException e) {
      // The events are stored: acknowledge them. The live view misses them until a restart.
      LOG.error("stored {} events but could not add them to the live view", fresh.size(), e);
    }
    Set<Interaction> isNew = Collections.newSetFromMap(new IdentityHashMap<>(fresh.size() * 2));
    isNew.addAll(fresh);
    for (Submission s : group) {
      int accepted = 0;
      for (Interaction e : s.events()) {
        if (isNew.contains(e)) {
          accepted++;
        }
      }
      s.done().complete(new Outcome(accepted, s.events().size() - accepted));
    }
  }

  /** Stops taking requests, commits what is queued and stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      queue.put(STOP);
      writer.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
