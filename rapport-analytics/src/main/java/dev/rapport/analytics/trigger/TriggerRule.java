package dev.rapport.analytics.trigger;

import dev.rapport.analytics.segment.SegmentRule;
import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.lifecycle.Stage;
import java.net.URI;
import java.time.Duration;

/**
 * One trigger: what fires it, an optional condition on the customer, and the webhook to call.
 *
 * @param name the rule's key in {@code triggers:}
 * @param on what fires it
 * @param stage for {@link On#STAGE}: the stage entered; null for any change of stage
 * @param kind for {@link On#EVENT}: the event kind; null for any
 * @param channel for {@link On#EVENT}: the channel; null for any
 * @param silence for {@link On#SILENCE}: how long without an inbound interaction
 * @param when a segment rule the customer must meet when the trigger fires; null for none
 * @param webhook where to POST
 * @param secret when set, each POST carries {@code X-Rapport-Signature: sha256=<HMAC of the body>}
 * @param attempts how many times a delivery is tried before it is dead-lettered
 * @param backoff the wait after the first failure; each later wait doubles, up to ten minutes
 */
public record TriggerRule(
    String name,
    On on,
    Stage stage,
    Kind kind,
    Channel channel,
    Duration silence,
    SegmentRule when,
    URI webhook,
    String secret,
    int attempts,
    Duration backoff) {

  /** What fires a trigger. */
  public enum On {
    /** The customer entered a stage (or changed stage). */
    STAGE,
    /** An event of a kind (and channel) arrived for the customer. */
    EVENT,
    /** The customer has not interacted with us for a while: due, with no nightly job. */
    SILENCE
  }
}
