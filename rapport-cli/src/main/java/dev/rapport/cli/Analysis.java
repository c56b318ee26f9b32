package dev.rapport.cli;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.store.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds every stored event into profiles and saves profiles and identity links back to the store:
 * the one path behind {@code analyze}, {@code customer} and {@code demo}.
 */
final class Analysis {
  static final String ANALYZED_EVENTS = "analyzed_event_count";
  static final String ANALYZED_AS_OF = "analyzed_as_of";

  private static final int BATCH = 4096;

  private Analysis() {}

  /** The end of a business day: observation up to and including {@code day}. */
  static Instant endOf(LocalDate day, ZoneId zone) {
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  static BatchResult run(Workspace ws, Store store, Instant asOf, int threads) {
    BatchResult result = fold(ws, store, asOf, threads);
    save(store, result);
    return result;
  }

  /** Folds the stored events up to {@code asOf} (null: all) without saving anything. */
  static BatchResult fold(Workspace ws, Store store, Instant asOf, int threads) {
    BatchEngine engine = new BatchEngine(ws.config(), threads, true);
    // In batches: the engine's identity lookups of a batch overlap in memory.
    List<Interaction> batch = new ArrayList<>(BATCH);
    store.forEachEvent(
        asOf,
        e -> {
          batch.add(e);
          if (batch.size() == BATCH) {
            engine.addAll(batch);
            batch.clear();
          }
        });
    engine.addAll(batch);
    return engine.run(asOf);
  }

  /**
   * Keeps a fold's profiles, lifecycles and identity links in the store, as the latest analysis.
   */
  static void save(Store store, BatchResult result) {
    Customers customers = result.customers();
    Map<Identifier, String> links = new HashMap<>();
    for (int key = 0; key < customers.count(); key++) {
      String id = customers.id(key);
      for (Identifier i : customers.identifiers(key)) {
        links.put(i, id);
      }
    }
    store.replaceIdentityLinks(links);
    store.replaceProfiles(result.profiles());
    Map<String, Lifecycle> lifecycles = new HashMap<>(result.profiles().size() * 2);
    for (int i = 0; i < result.profiles().size(); i++) {
      lifecycles.put(result.profiles().get(i).customerId(), result.lifecycles().get(i));
    }
    store.replaceLifecycles(lifecycles);
    store.putMeta(ANALYZED_EVENTS, Long.toString(store.eventCount()));
    store.putMeta(ANALYZED_AS_OF, result.asOf() == null ? "" : result.asOf().toString());
    store.putMeta(Store.META_PROFILES_BY, "analyze");
  }

  /**
   * True when events were imported after the last analysis. Never for tables a stream keeps (the
   * Flink job's): they are current, and folding every event over them would replace them.
   */
  static boolean stale(Store store) {
    if (store.meta(Store.META_PROFILES_BY).filter(Store.PROFILES_BY_STREAM::equals).isPresent()) {
      return false;
    }
    return !store.meta(ANALYZED_EVENTS).map(Long::parseLong).orElse(-1L).equals(store.eventCount());
  }

  static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
