package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile tables a stream keeps (the Flink job's, marked in the store's meta) are read as they are:
 * commands that refold stale tables before reading them leave these alone.
 */
class StreamTablesTest {
  @TempDir Path ws;

  @Test
  void aStreamsTables_areReadAsTheyAre_notRefoldedOver() {
    assertThat(Cli.run("init", ws.toString()).exit()).isZero();
    List<Interaction> events = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      events.add(
          new Interaction(
              "e" + p,
              List.of(Identifier.of("customer_id", "C" + p)),
              Instant.parse("2026-01-0" + (p + 1) + "T10:00:00Z"),
              Channel.WEB,
              Kind.PURCHASE,
              null,
              null,
              null,
              null,
              10,
              0,
              Double.NaN,
              null,
              Map.of()));
    }
    BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1);
    events.forEach(batch::add);
    BatchResult r = batch.run(null);
    try (Store store = Workspace.open(ws).openStore()) {
      store.appendEvents(events);
      // The stream has written one customer so far (the others' snapshots are to come).
      store.updateCustomers(
          List.of(r.profiles().get(0)),
          Map.of(r.profiles().get(0).customerId(), r.lifecycles().get(0)),
          List.of());
      store.putMeta(Store.META_PROFILES_BY, Store.PROFILES_BY_STREAM);
    }

    Cli.Run segment = Cli.run("segment", "--workspace", ws.toString(), "--rule", "purchases > 0");
    assertThat(segment.exit()).as(segment.err()).isZero();
    assertThat(segment.out()).startsWith("1 of 1 customers match");
    assertThat(segment.err()).doesNotContain("analyzing first");

    // An analysis asked for replaces them, and the tables are then the analysis's again.
    assertThat(Cli.run("analyze", "--workspace", ws.toString()).exit()).isZero();
    try (Store store = Workspace.open(ws).openStore()) {
      assertThat(store.profileCount()).isEqualTo(3);
      assertThat(store.meta(Store.META_PROFILES_BY)).contains("analyze");
    }
  }
}
