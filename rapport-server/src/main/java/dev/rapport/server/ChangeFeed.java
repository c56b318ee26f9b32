package dev.rapport.server;

import dev.rapport.core.engine.LiveEngine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that takes the live engine's change feed (every customer touched, folded, with how
 * they were when last reported) and hands it to the listeners: the stage-transition metrics and the
 * triggers. It runs beside ingest, so ingest never waits for folding; its lag is the gauge {@code
 * rapport_change_feed_lag}.
 */
final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final long IDLE_MILLIS = 20;

  private final LiveEngine engine;
  private final List<Consumer<List<LiveEngine.Change>>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  ChangeFeed(LiveEngine engine) {
    this.engine = engine;
    this.thread = new Thread(this::run, "rapport-change-feed");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void listen(Consumer<List<LiveEngine.Change>> listener) {
    listeners.add(listener);
  }

  private void run() {
    while (running) {
      try {
        List<LiveEngine.Change> changes = engine.changes();
        if (changes.isEmpty()) {
          Thread.sleep(IDLE_MILLIS);
          continue;
        }
        for (Consumer<List<LiveEngine.Change>> l : listeners) {
          try {
            l.accept(changes);
          } catch (RuntimeException e) {
            LOG.error("a change listener failed on {} changes", changes.size(), e);
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("the change feed failed; going on", e);
      }
    }
  }

  /** Reports what is still pending, then stops. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
