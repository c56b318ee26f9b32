package dev.rapport.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.kpi.KpiJson;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The KPI tables of the live population, in the shape of {@code out/kpis.json}. The KPIs are sums
 * over every customer, so they are computed by a pass over everyone (about a second per 100,000
 * customers), not per event: on request, when the last pass is older than the age the caller
 * accepts. Concurrent requests share one pass.
 *
 * <p>The pass captures the population on the ingest writer's thread, between two batches, so that
 * no event is counted twice or missed while ingest merges customers; the folding runs on the
 * caller's thread.
 */
final class LiveKpis {
  /** One pass's result. */
  record Computed(ObjectNode kpis, Instant asOf, Instant computedAt, int customers, long millis) {}

  private final Supplier<LiveEngine.Frozen> freeze;
  private final Supplier<Population> population;
  private final RapportConfig config;
  private Computed last;

  /**
   * @param freeze captures the population on the ingest writer's thread
   */
  LiveKpis(
      Supplier<LiveEngine.Frozen> freeze, Supplier<Population> population, RapportConfig config) {
    this.freeze = freeze;
    this.population = population;
    this.config = config;
  }

  /** The last pass if it is at most {@code maxAge} old, else a new one. */
  synchronized Computed current(Duration maxAge) {
    if (last == null || last.computedAt().plus(maxAge).isBefore(Instant.now())) {
      last = compute();
    }
    return last;
  }

  private Computed compute() {
    long start = System.nanoTime();
    LiveEngine.Snapshot s = freeze.get().fold();
    List<CustomerProfile> profiles = new ArrayList<>(s.customers().size());
    List<KpiEvidence> evidence = new ArrayList<>(s.customers().size());
    List<Lifecycle> lifecycles = new ArrayList<>(s.customers().size());
    for (LiveCustomer c : s.customers()) {
      if (c.fold() != null) { // only control-group assignments: no activity, as in a batch run
        profiles.add(c.fold().profile());
        evidence.add(c.fold().kpis());
        lifecycles.add(c.fold().lifecycle());
      }
    }
    Kpis k =
        Kpis.of(
            new Kpis.Input(
                profiles,
                evidence,
                s.cube(),
                lifecycles,
                clv(profiles, population.get().value),
                config.kpi(),
                s.asOf(),
                config.zone()));
    ObjectNode json =
        KpiJson.json(
            k, s.asOf() == null ? null : s.asOf().toString(), config.currency(), null, null);
    return new Computed(
        json, s.asOf(), Instant.now(), profiles.size(), (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Each profile's predicted CLV, scored against the last lifetime-value fit as the 360 scores it;
   * NaN for customers who never bought; null before the first fit, or when too few customers bought
   * for the models.
   */
  private static double[] clv(List<CustomerProfile> profiles, Population.ValueFit fit) {
    if (fit == null || fit.value() == null) {
      return null;
    }
    double[] clv = new double[profiles.size()];
    for (int i = 0; i < clv.length; i++) {
      CustomerValue.Score s = fit.score(profiles.get(i));
      clv[i] = s == null ? Double.NaN : s.clv();
    }
    return clv;
  }
}
