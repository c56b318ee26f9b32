package dev.rapport.cli;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.store.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "customer",
    mixinStandardHelpOptions = true,
    description = {
      "Show one customer's unified profile and cross-channel timeline.",
      "ID is any identifier: a customer id, or type:value such as email:ann@example.com."
    })
final class CustomerCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--limit", defaultValue = "50", description = "timeline entries (newest first)")
  int limit;

  @Option(names = "--offset", defaultValue = "0", description = "timeline entries to skip")
  int offset;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    try (Store store = ws.openStore()) {
      if (Analysis.stale(store)) {
        System.err.println("events changed since the last analysis; analyzing first");
        Analysis.run(ws, store, null, Analysis.defaultThreads());
      }
      Optional<String> customer = find(store, id, ws.config().identity().priority());
      if (customer.isEmpty()) {
        System.err.println("no customer has the identifier '" + id + "'");
        return 1;
      }
      CustomerProfile p = store.profile(customer.get()).orElseThrow();
      List<Identifier> ids = store.identifiersOf(customer.get());
      print(System.out, p, ids, store.attributesOf(ids));
      printLifecycle(System.out, store.lifecycle(customer.get()));
      printDecisions(System.out, store.decisions(customer.get()));
      List<Interaction> timeline = store.eventsWithAnyIdentifier(ids, limit, offset);
      System.out.println();
      System.out.printf(
          Locale.ROOT, "timeline (newest first, %d from %d):%n", timeline.size(), offset);
      for (Interaction e : timeline) {
        System.out.println("  " + line(e));
      }
    }
    return 0;
  }

  /** Segments, cluster, style, touch model and next best action, as analyze decided them. */
  static void printDecisions(PrintStream out, Map<String, String> d) {
    if (d.isEmpty()) {
      out.println("  decisions:   not computed yet; run rapport analyze");
      return;
    }
    out.println(
        "  segments:    RFM "
            + d.getOrDefault("rfm_score", "-")
            + " ("
            + d.getOrDefault("rfm_segment", "no purchase")
            + ")"
            + (d.containsKey("segments") ? "; " + d.get("segments").replace(";", ", ") : ""));
    out.println(
        "  cluster:     "
            + d.getOrDefault("cluster", "-")
            + " ("
            + d.getOrDefault("cluster_description", "")
            + ")");
    out.println(
        "  style:       "
            + d.getOrDefault("dominant_style", "none yet")
            + " - "
            + d.getOrDefault("style_reason", ""));
    out.println(
        "  touch model: "
            + d.getOrDefault("touch_model", "-")
            + " - "
            + d.getOrDefault("touch_model_reason", ""));
    boolean contact = "contact".equals(d.get("nba_action"));
    out.println(
        "  next action: "
            + (contact
                ? d.get("nba_channel") + ", " + d.get("nba_theme") + ", " + d.get("nba_time")
                : "no contact")
            + " - "
            + d.getOrDefault("nba_reason", ""));
  }

  /** The current stage and every transition, oldest first. */
  static void printLifecycle(PrintStream out, Optional<Lifecycle> lifecycle) {
    if (lifecycle.isEmpty()) {
      out.println("  lifecycle:   not computed yet; run rapport analyze");
      return;
    }
    Lifecycle l = lifecycle.get();
    out.println("  lifecycle:   " + l.stage().id() + " since " + l.since());
    for (StageTransition t : l.transitions()) {
      out.printf(
          Locale.ROOT,
          "    %s  %-12s -> %-12s %s%s%s%n",
          t.at(),
          t.from() == null ? "" : t.from().id(),
          t.to().id(),
          t.reactivation() ? "[reactivation] " : "",
          t.cause(),
          t.eventId() == null ? "" : "  (event " + t.eventId() + ")");
    }
  }

  /** An identifier given as type:value, or a bare value tried against each type in priority. */
  static Optional<String> find(Store store, String text, List<String> priority) {
    int colon = text.indexOf(':');
    if (colon > 0 && text.substring(0, colon).matches("[a-z][a-z0-9_]*")) {
      Optional<String> hit = store.customerOf(Identifier.parse(text));
      if (hit.isPresent()) {
        return hit;
      }
    }
    for (String type : priority) {
      String normal = Identifier.normalise(type, text);
      if (!normal.isEmpty()) {
        Optional<String> hit = store.customerOf(Identifier.of(type, text));
        if (hit.isPresent()) {
          return hit;
        }
      }
    }
    return Optional.empty();
  }

  static void print(
      PrintStream out,
      CustomerProfile p,
      List<Identifier> ids,
      java.util.Map<String, String> attrs) {
    out.println("customer " + p.customerId());
    out.println(
        "  identifiers: "
            + ids.stream().map(Identifier::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    if (!attrs.isEmpty()) {
      out.println("  attributes:  " + new java.util.TreeMap<>(attrs));
    }
    out.printf(
        Locale.ROOT,
        "  seen:        %s .. %s (tenure %.0f days, %d interactions)%n",
        p.firstSeen(),
        p.lastSeen(),
        p.tenureDays(),
        p.events());
    out.printf(
        Locale.ROOT,
        "  engagement:  %.1f / 100  (%s)%n",
        p.engagementScore(),
        p.scoreExplanation(3));
    out.printf(
        Locale.ROOT,
        "  purchases:   %d, revenue %.2f, returns %d (%.2f); frequency %s, recency %s, T %s, monetary %s%n",
        p.purchases(),
        p.revenue(),
        p.returns(),
        p.returnValue(),
        num(p.frequency()),
        num(p.recency()),
        num(p.T()),
        num(p.monetaryValue()));
    out.printf(
        Locale.ROOT,
        "  contact:     %d touches in the pressure window, %d ignored in a row, %d inbound%n",
        p.contactPressure(),
        p.unengagedStreak(),
        p.inbound());
    out.println("  channels:");
    for (ChannelStats s : p.channels()) {
      out.printf(
          Locale.ROOT,
          "    %-8s touches %4d  engaged %4d  unengaged %4d  pending %3d  inbound %4d  response rate %s%n",
          s.channel().id(),
          s.touches(),
          s.engaged(),
          s.unengaged(),
          s.pending(),
          s.inbound(),
          Double.isNaN(s.responseRate())
              ? "—"
              : String.format(Locale.ROOT, "%.0f%%", s.responseRate() * 100));
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String line(Interaction e) {
    StringBuilder b = new StringBuilder();
    b.append(e.ts())
        .append("  ")
        .append(String.format(Locale.ROOT, "%-7s %-10s", e.channel().id(), e.kind().id()));
    if (e.outcome() != null) {
      b.append(" outcome=").append(e.outcome().id());
    }
    if (e.campaign() != null) {
      b.append(" campaign=").append(e.campaign());
    }
    if (e.value() != 0) {
      b.append(String.format(Locale.ROOT, " value=%.2f", e.value()));
    }
    if (e.hasScore()) {
      b.append(String.format(Locale.ROOT, " score=%.0f", e.score()));
    }
    if (!e.attributes().isEmpty()) {
      b.append(' ').append(new java.util.TreeMap<>(e.attributes()));
    }
    if (e.text() != null && !e.text().isBlank()) {
      b.append(" \"").append(e.text()).append('"');
    }
    return b.toString();
  }
}
