package dev.rapport.server;

import dev.rapport.analytics.trigger.TriggerRule;
import dev.rapport.core.Interaction;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the trigger rules on the change feed and fires their webhooks.
 *
 * <ul>
 *   <li><b>stage</b>: the customer's stage now differs from the last report and is the rule's stage
 *       (any stage when the rule names none);
 *   <li><b>event</b>: an event of the rule's kind and channel is among the customer's new events;
 *   <li><b>silence</b>: the customer's last inbound interaction is the rule's days old. Each
 *       customer's due time is kept in a queue that a timer checks every second, so it fires when
 *       due, without a nightly job; a newer interaction before then makes the entry stale.
 * </ul>
 *
 * The rule's {@code when} condition is checked on the customer at the moment of firing. Each firing
 * has a delivery id made of the rule, the customer and what fired it (the stage and its start, the
 * event id, the silence's start), so one cause never fires twice, across restarts too. Silences due
 * before the server last checked (kept in {@code webhooks/silence-clock}) are not announced again;
 * on the very first start, silences already due are history and are not announced.
 */
final class Triggers implements Consumer<List<LiveEngine.Change>>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);
  static final String CLOCK = "silence-clock";

  private final List<TriggerRule> rules;
  private final Webhooks hooks;
  private final LiveEngine engine;
  private final Function<LiveCustomer, Object> brief;
  private final Path clockFile;
  private final PriorityQueue<Due> dues = new PriorityQueue<>();
  private final Thread timer;
  private final long tickMillis;
  private volatile boolean running = true;
  private Instant checkedUpTo;

  /** A customer's silence coming due under a rule, as of their last inbound interaction. */
  private record Due(Instant at, String customer, Instant basis, TriggerRule rule)
      implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return at.compareTo(o.at);
    }
  }

  Triggers(
      List<TriggerRule> rules,
      Webhooks hooks,
      LiveEngine engine,
      Function<LiveCustomer, Object> brief,
      Path dir,
      Duration tick) {
    this.rules = List.copyOf(rules);
    this.hooks = hooks;
    this.engine = engine;
    this.brief = brief;
    this.clockFile = dir.resolve(CLOCK);
    this.tickMillis = tick.toMillis();
    this.checkedUpTo = readClock();
    if (rules.stream().anyMatch(r -> r.on() == TriggerRule.On.SILENCE)) {
      engine.forEachCustomer(this::schedule);
    }
    this.timer = new Thread(this::tick, "rapport-silence-timer");
    timer.setDaemon(true);
    timer.start();
  }

  @Override
  public void accept(List<LiveEngine.Change> changes) {
    for (LiveEngine.Change c : changes) {
      LiveCustomer after = c.after();
      if (after.fold() == null) {
        continue;
      }
      for (TriggerRule r : rules) {
        switch (r.on()) {
          case STAGE -> stage(r, c);
          case EVENT -> events(r, c);
          case SILENCE -> schedule(r, after);
        }
      }
    }
  }

  private void stage(TriggerRule r, LiveEngine.Change c) {
    Stage now = c.after().stage();
    Stage before = c.before() == null ? null : c.before().stage();
    if (now == before || (r.stage() != null && r.stage() != now)) {
      return;
    }
    Instant since = c.after().fold().lifecycle().since();
    fire(
        r,
        c.after(),
        "stage|" + now.id() + "|" + since.getEpochSecond(),
        "entered stage " + now.id() + (before == null ? "" : " from " + before.id()),
        Map.of("stage", now.id(), "previous_stage", before == null ? "" : before.id()));
  }

  private void events(TriggerRule r, LiveEngine.Change c) {
    Set<Interaction> old = Collections.newSetFromMap(new IdentityHashMap<>());
    if (c.before() != null) {
      old.addAll(c.before().events());
    }
    for (Interaction e : c.after().events()) {
      if (old.contains(e)
          || (r.kind() != null && e.kind() != r.kind())
          || (r.channel() != null && e.channel() != r.channel())) {
        continue;
      }
      fire(
          r,
          c.after(),
          "event|" + e.eventId(),
          e.kind().id() + " on " + e.channel().id(),
          Map.of("event", CustomerJson.event(e)));
    }
  }

  private void schedule(LiveCustomer c) {
    for (TriggerRule r : rules) {
      if (r.on() == TriggerRule.On.SILENCE) {
        schedule(r, c);
      }
    }
  }

  private void schedule(TriggerRule r, LiveCustomer c) {
    Instant basis = silenceBasis(c);
    if (basis == null) {
      return;
    }
    Instant at = basis.plus(r.silence());
    synchronized (dues) {
      dues.add(new Due(at, c.id(), basis, r));
    }
  }

  /** The start of a customer's silence: their last inbound interaction, else their first sight. */
  private static Instant silenceBasis(LiveCustomer c) {
    if (c.fold() == null) {
      return null;
    }
    CustomerProfile p = c.fold().profile();
    return p.lastInbound() != null ? p.lastInbound() : p.firstSeen();
  }

  private void tick() {
    while (running) {
      try {
        Thread.sleep(tickMillis);
        checkSilences();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("the silence timer failed; going on", e);
      }
    }
  }

  /** Fires the silences due by now; visible for tests. */
  void checkSilences() {
    Instant now = engine.now();
    if (now == null) {
      return;
    }
    while (true) {
      Due d;
      synchronized (dues) {
        d = dues.peek();
        if (d == null || d.at().isAfter(now)) {
          break;
        }
        dues.poll();
      }
      if (checkedUpTo != null && !d.at().isAfter(checkedUpTo)) {
        continue; // due before the last check: announced then, or history at the first start
      }
      LiveCustomer c = engine.customerById(d.customer()).orElse(null);
      if (c == null || !d.basis().equals(silenceBasis(c))) {
        continue; // merged away, or they spoke since: a newer entry is queued
      }
      long days = Duration.between(d.basis(), d.at()).toDays();
      fire(
          d.rule(),
          c,
          "silence|" + d.basis().getEpochSecond(),
          "no inbound interaction for " + days + " days, since " + d.basis(),
          Map.of("silent_since", d.basis().toString()));
    }
    if (checkedUpTo == null || now.isAfter(checkedUpTo)) {
      checkedUpTo = now;
      writeClock(now);
    }
  }

  private void fire(
      TriggerRule r, LiveCustomer c, String cause, String reason, Map<String, Object> detail) {
    String id = r.name() + "|" + c.id() + "|" + cause;
    if (hooks.known(id)) {
      return;
    }
    if (r.when() != null && !r.when().test(Views.row(c))) {
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("delivery_id", id);
    payload.put("trigger", r.name());
    payload.put("fired_at", Instant.now().toString());
    payload.put("customer_id", c.id());
    payload.put("reason", reason);
    payload.putAll(detail);
    payload.put("customer", brief.apply(c));
    hooks.fire(id, r, payload);
  }

  private Instant readClock() {
    try {
      if (Files.exists(clockFile)) {
        return Instant.parse(Files.readString(clockFile).strip());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {}; silences due before now are not announced", clockFile, e);
    }
    return engine.now(); // first start: what is already due is history
  }

  private void writeClock(Instant now) {
    AtomicFiles.write(clockFile, List.of(now.toString()));
  }

  @Override
  public void close() {
    running = false;
    timer.interrupt();
  }
}
