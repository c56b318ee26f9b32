package dev.rapport.flink;

import dev.rapport.analytics.segment.ProfileFields;
import dev.rapport.analytics.trigger.TriggerRule;
import dev.rapport.core.Channel;
import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The trigger rules of {@code rapport.yaml} on a customer folded by the job, as {@code rapport
 * serve} applies them, in event time:
 *
 * <ul>
 *   <li><b>stage</b>: each stage the customer newly entered (the rule's, or any), once for the
 *       stage and time, even when a merge rewrites the stage it left;
 *   <li><b>event</b>: each new event of the rule's kind and channel, once, when it is folded;
 *       events that arrive with a merge are not new;
 *   <li><b>silence</b>: the customer's last inbound interaction (or first sight) is the rule's days
 *       old: a timer is set for that moment, and it fires only if nothing inbound came since.
 * </ul>
 *
 * A rule's {@code when} condition is checked on the customer as folded at that moment.
 */
final class CustomerTriggers {
  private final List<TriggerRule> rules;

  CustomerTriggers(List<TriggerRule> rules) {
    this.rules = List.copyOf(rules);
  }

  boolean any() {
    return !rules.isEmpty();
  }

  boolean onEvents() {
    return rules.stream().anyMatch(r -> r.on() == TriggerRule.On.EVENT);
  }

  boolean onStages() {
    return rules.stream().anyMatch(r -> r.on() == TriggerRule.On.STAGE);
  }

  /**
   * The triggers of a fold at {@code end}.
   *
   * @param entered the stages this fold found the customer entered, at times not announced before
   * @param fresh the new events folded for the first time now
   * @param eventsOnly only the event rules: a fold for events leaving with a merge, whose stages
   *     and silences are the regular folds' business
   */
  void fire(
      String customer,
      CustomerFold.Result r,
      long end,
      List<StageTransition> entered,
      List<FoldEvent> fresh,
      Consumer<Trigger> out,
      boolean eventsOnly) {
    if (rules.isEmpty()) {
      return;
    }
    ProfileFields.Customer row = new ProfileFields.Customer(r.profile(), r.lifecycle(), null);
    for (TriggerRule rule : rules) {
      if ((eventsOnly && rule.on() != TriggerRule.On.EVENT)
          || (rule.when() != null && !rule.when().test(ProfileFields.row(row)))) {
        continue;
      }
      switch (rule.on()) {
        case STAGE -> {
          for (StageTransition t : entered) {
            if (rule.stage() == null || rule.stage() == t.to()) {
              out.accept(
                  Trigger.of(
                      rule.name(),
                      customer,
                      "stage",
                      "stage|" + t.to().id() + "|" + t.atSecond(),
                      "entered stage "
                          + t.to().id()
                          + (t.from() == null ? "" : " from " + t.from().id()),
                      t.atSecond()));
            }
          }
        }
        case EVENT -> {
          for (FoldEvent e : fresh) {
            Channel channel = CustomerFold.channel(e.packed);
            if ((rule.kind() == null || rule.kind() == CustomerFold.kind(e.packed))
                && (rule.channel() == null || rule.channel() == channel)) {
              out.accept(
                  Trigger.of(
                      rule.name(),
                      customer,
                      "event",
                      "event|" + e.eventId,
                      CustomerFold.kind(e.packed).id() + " on " + channel.id(),
                      e.epochSecond()));
            }
          }
        }
        case SILENCE -> {
          long due = silenceDue(rule, r.profile());
          if (due + 1 == end) {
            out.accept(
                Trigger.of(
                    rule.name(),
                    customer,
                    "silence",
                    "silence|" + (due - rule.silence().toSeconds()),
                    "no inbound interaction for " + rule.silence().toSeconds() / 86_400.0 + " days",
                    due));
          }
        }
      }
    }
  }

  /** The ends of observation, after {@code end}, at which the silence rules fall due next. */
  void silenceTimers(CustomerFold.Result r, long end, LongConsumer at) {
    for (TriggerRule rule : rules) {
      if (rule.on() == TriggerRule.On.SILENCE) {
        long fireAt = silenceDue(rule, r.profile()) + 1;
        if (fireAt > end) {
          at.accept(fireAt);
        }
      }
    }
  }

  /**
   * When the customer's silence reaches the rule's length: from the last inbound, else first sight.
   */
  private static long silenceDue(TriggerRule rule, CustomerProfile p) {
    Instant basis = p.lastInbound() != null ? p.lastInbound() : p.firstSeen();
    return basis.getEpochSecond() + rule.silence().toSeconds();
  }
}
