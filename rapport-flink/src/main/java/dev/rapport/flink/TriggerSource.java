package dev.rapport.flink;

import dev.rapport.analytics.trigger.TriggerRule;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;

/**
 * How an operator gets the trigger rules: a serializable recipe run when it opens, since the rules
 * (with their parsed conditions) are not serializable.
 */
@FunctionalInterface
public interface TriggerSource extends Supplier<List<TriggerRule>>, Serializable {
  TriggerSource NONE = List::of;
}
