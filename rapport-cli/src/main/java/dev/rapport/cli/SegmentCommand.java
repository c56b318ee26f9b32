package dev.rapport.cli;

import dev.rapport.analytics.segment.ProfileFields;
import dev.rapport.analytics.segment.SegmentRule;
import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rapport segment}: the customers a rule selects. */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = {
      "List the customers a segment rule selects, and how many they are.",
      "Example: rapport segment --workspace ws --rule "
          + "'stage in (\"loyalty\", \"advocacy\") and revenue > 500 and days_since_last_seen < 30'"
    })
final class SegmentCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  java.nio.file.Path workspace;

  @Option(
      names = "--rule",
      required = true,
      paramLabel = "RULE",
      description = "a condition over customer fields (see docs/SEGMENTS.md)")
  String rule;

  @Option(
      names = "--limit",
      defaultValue = "50",
      paramLabel = "N",
      description = "customers to list (default 50; the count is always complete)")
  int limit;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    SegmentRule parsed;
    try {
      parsed = SegmentRule.parse(rule, ProfileFields.SCHEMA);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--rule: " + e.getMessage(), e);
    }
    try (Store store = ws.openStore()) {
      if (Analysis.stale(store)) {
        System.err.println("events changed since the last analysis; analyzing first");
        Analysis.run(ws, store, null, Analysis.defaultThreads());
      }
      List<CustomerProfile> profiles = store.profiles();
      Map<String, Lifecycle> byId = store.lifecycles();
      List<Lifecycle> lifecycles = new ArrayList<>(profiles.size());
      for (CustomerProfile p : profiles) {
        lifecycles.add(byId.get(p.customerId()));
      }
      List<Integer> hits = Segmentation.matching(parsed, profiles, lifecycles);
      System.out.printf(
          Locale.ROOT,
          "%d of %d customers match: %s%n",
          hits.size(),
          profiles.size(),
          parsed.text());
      if (!hits.isEmpty()) {
        System.out.println("customer_id,stage,revenue,purchases,last_seen,engagement_score");
      }
      for (int k = 0; k < Math.min(limit, hits.size()); k++) {
        CustomerProfile p = profiles.get(hits.get(k));
        Lifecycle l = lifecycles.get(hits.get(k));
        System.out.printf(
            Locale.ROOT,
            "%s,%s,%.2f,%d,%s,%.1f%n",
            p.customerId(),
            l == null ? "" : l.stage().id(),
            p.revenue(),
            p.purchases(),
            p.lastSeen(),
            p.engagementScore());
      }
      if (hits.size() > limit) {
        System.out.println("... " + (hits.size() - limit) + " more (use --limit)");
      }
    }
    return 0;
  }
}
