package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch engine over a fixed set of events, run at whatever as-of times a stream's snapshots
 * name (each run once): what a customer's snapshot must equal.
 */
final class BatchAt {
  private final List<Interaction> events;
  private final Map<Long, BatchResult> runs = new HashMap<>();

  BatchAt(List<Interaction> events) {
    this.events = events;
  }

  private BatchResult run(long asOfSecond) {
    return runs.computeIfAbsent(
        asOfSecond,
        t -> {
          BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1, true);
          events.forEach(batch::add);
          return batch.run(Instant.ofEpochSecond(t));
        });
  }

  /** Asserts the profile and lifecycle equal the batch engine's for that customer at that time. */
  void assertSame(CustomerProfile profile, Lifecycle lifecycle) {
    long asOf = profile.asOf().getEpochSecond();
    BatchResult r = run(asOf);
    int i = 0;
    while (i < r.profiles().size()
        && !r.profiles().get(i).customerId().equals(profile.customerId())) {
      i++;
    }
    assertThat(i)
        .as("the batch engine has " + profile.customerId() + " at " + asOf)
        .isLessThan(r.profiles().size());
    assertThat(RapportJobTest.withoutKey(profile))
        .as(profile.customerId())
        .isEqualTo(RapportJobTest.withoutKey(r.profiles().get(i)));
    assertThat(lifecycle).as(profile.customerId()).isEqualTo(r.lifecycles().get(i));
  }

  /** The customers of a run over every event: a stream's, once every merge has happened. */
  List<String> customerIds(long asOfSecond) {
    return run(asOfSecond).profiles().stream().map(CustomerProfile::customerId).toList();
  }
}
