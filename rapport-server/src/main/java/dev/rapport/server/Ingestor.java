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
 * everything waiting and appends it to the store in one transaction (one WAL sync for many
 * requests); a linker thread then adds the new events to the live engine, in commit order, and only
 * then completes each request. The two stages overlap: while one group is linked the next commits.
 * So a 2xx means the events are on disk and every read after it sees them, and the store sees a
 * single writer, as DuckDB wants.
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
  private final Thread linker;

  /** Committed groups on their way to the linker; two deep, so a commit and a link overlap. */
  private final BlockingQueue<Linked> linking = new ArrayBlockingQueue<>(2);

  private volatile boolean closed;

  Ingestor(Store store, LiveEngine engine, Metrics metrics, int maxEventsPerCommit) {
    this.store = store;
    this.engine = engine;
    this.metrics = metrics;
    this.maxEventsPerCommit = maxEventsPerCommit;
    this.writer = new Thread(this::run, "rapport-ingest-writer");
    writer.setDaemon(true);
    this.linker = new Thread(this::link, "rapport-ingest-linker");
    linker.setDaemon(true);
    linker.start();
    writer.start();
  }

  /**
   * Queues a request's events; the future completes once they are committed and linked.
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
        drainLinker(); // a task sees every committed event linked, and nothing half done
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
        drainLinker();
        linking.add(Linked.STOP);
        return;
      }
    }
  }

  /** A committed group waiting to be linked, or a marker. */
  private record Linked(
      List<Submission> group, List<Interaction> fresh, CompletableFuture<Void> drained) {
    static final Linked STOP = new Linked(null, null, null);
  }

  /** Waits until the linker has linked every group committed so far. */
  private void drainLinker() {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    try {
      linking.put(new Linked(null, null, drained));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    drained.join();
  }

  /**
   * The second stage of the pipeline: links committed groups into the live engine, in commit order,
   * and answers their requests; meanwhile the writer commits the next group.
   */
  private void link() {
    while (true) {
      Linked l;
      try {
        l = linking.take();
      } catch (InterruptedException e) {
        return;
      }
      if (l == Linked.STOP) {
        return;
      }
      if (l.drained() != null) {
        l.drained().complete(null);
        continue;
      }
      long start = System.nanoTime();
      try {
        LiveEngine.Update update = engine.apply(l.fresh());
        metrics.linked(update, System.nanoTime() - start);
      } catch (RuntimeException e) {
        // The events are stored: acknowledge them. The live view misses them until a restart.
        LOG.error("stored {} events but could not add them to the live view", l.fresh().size(), e);
      }
      answer(l.group(), l.fresh());
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
    try {
      linking.put(new Linked(List.copyOf(group), fresh, null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Completes each request of a linked group with its accepted and duplicate counts. */
  private static void answer(List<Submission> group, List<Interaction> fresh) {
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
      linker.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
