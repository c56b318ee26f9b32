package dev.rapport.cli;

import dev.rapport.core.Identifier;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.identity.Customers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the profile of a fold's result by any identifier, for outputs that read events back from
 * the store (texts, referrals, reviews) and must attribute them to customers. The identifier map is
 * built at the first look-up: most logs have few such events, many have none.
 */
final class ProfileIndex {
  private final Customers customers;
  private final int[] profileOfKey;
  private Map<Identifier, Integer> keyOf;

  ProfileIndex(BatchResult r) {
    this.customers = r.customers();
    this.profileOfKey = new int[customers.count()];
    Arrays.fill(profileOfKey, -1);
    for (int i = 0; i < r.profiles().size(); i++) {
      profileOfKey[r.profiles().get(i).customerKey()] = i;
    }
  }

  /** The profile index of the customer of an identifier; -1 when it belongs to no profile. */
  int profileOf(Identifier id) {
    if (keyOf == null) {
      keyOf = new HashMap<>(customers.count() * 3);
      for (int key = 0; key < customers.count(); key++) {
        for (Identifier i : customers.identifiers(key)) {
          keyOf.put(i, key);
        }
      }
    }
    Integer key = keyOf.get(id);
    return key == null ? -1 : profileOfKey[key];
  }

  /**
   * The profile of the first of an event's identifiers that is linked to a customer; -1 when none
   * is (the identity graph links all of an event's identifiers to one customer, so the first found
   * is the customer).
   */
  int profileOf(List<Identifier> ids) {
    for (Identifier id : ids) {
      int p = profileOf(id);
      if (p >= 0 || keyOf.containsKey(id)) {
        return p;
      }
    }
    return -1;
  }
}
