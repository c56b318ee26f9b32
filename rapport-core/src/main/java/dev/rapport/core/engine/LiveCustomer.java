package dev.rapport.core.engine;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.lifecycle.Stage;
import java.time.Instant;
import java.util.List;

/**
 * One customer as the live engine holds them at one moment: never changed, replaced whole when an
 * event or a new as-of time changes them, so a reader needs no lock.
 *
 * @param id the display id (see {@link dev.rapport.core.identity.Customers})
 * @param identifiers every identifier linked to the customer, highest priority first
 * @param events the customer's events in fold order (oldest first)
 * @param fold the profile and trackers folded from {@code events} at {@code asOf}; null when every
 *     event is a control-group assignment
 * @param asOf the end of observation of {@code fold}
 */
public record LiveCustomer(
    String id,
    List<Identifier> identifiers,
    List<Interaction> events,
    CustomerFold.Result fold,
    Instant asOf) {

  /** The current lifecycle stage; null when nothing was folded. */
  public Stage stage() {
    return fold == null ? null : fold.lifecycle().stage();
  }
}
