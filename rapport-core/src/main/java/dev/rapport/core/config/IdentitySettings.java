package dev.rapport.core.config;

import dev.rapport.core.identity.IdentityRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How identifiers link into customers.
 *
 * @param priority identifier types in the order that names a customer: the customer's id is its
 *     identifier of the first type in this list that it has
 * @param maxPerCustomer the most identifiers of a type one customer may hold; a link that would
 *     exceed it is refused, so that one shared or mistyped value cannot glue customers together
 * @param blocklist junk values (compared case-insensitively after normalisation) that never link
 * @param rules merges and splits decided by hand, which override the events (the workspace's {@code
 *     identity-rules.jsonl}, written by the server's merge and unmerge)
 */
public record IdentitySettings(
    List<String> priority,
    Map<String, Integer> maxPerCustomer,
    Set<String> blocklist,
    IdentityRules rules) {
  public IdentitySettings {
    java.util.Objects.requireNonNull(rules, "rules");
    priority = List.copyOf(priority);
    maxPerCustomer = Map.copyOf(maxPerCustomer);
    maxPerCustomer.forEach(
        (type, max) -> {
          if (max < 1) {
            throw new IllegalArgumentException(
                "identity limit for " + type + " must be >= 1, got " + max);
          }
        });
    blocklist =
        blocklist.stream()
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Settings with no rules decided by hand. */
  public IdentitySettings(
      List<String> priority, Map<String, Integer> maxPerCustomer, Set<String> blocklist) {
    this(priority, maxPerCustomer, blocklist, IdentityRules.NONE);
  }

  /** These settings with {@code rules} in place of the current ones. */
  public IdentitySettings withRules(IdentityRules r) {
    return new IdentitySettings(priority, maxPerCustomer, blocklist, r);
  }

  public static IdentitySettings defaults() {
    return new IdentitySettings(
        List.of("customer_id", "email", "phone", "social_handle", "device_id"),
        Map.of("customer_id", 1, "email", 5, "phone", 5, "social_handle", 5, "device_id", 10),
        Set.of(
            "",
            "null",
            "none",
            "nil",
            "n/a",
            "na",
            "unknown",
            "undefined",
            "-",
            "0",
            "test",
            "test@test.com",
            "test@example.com",
            "noemail@noemail.com",
            "no@email.com",
            "0000000000",
            "1234567890",
            "anonymous"));
  }

  /** True when a value is junk and must never link customers. */
  public boolean isBlocked(String normalisedValue) {
    return blocklist.contains(normalisedValue.strip().toLowerCase(Locale.ROOT));
  }

  /** The limit for a type; types not listed are unlimited. */
  public int limit(String type) {
    return maxPerCustomer.getOrDefault(type, Integer.MAX_VALUE);
  }

  /** Rank of a type in the priority list; unlisted types rank after all listed ones. */
  public int rank(String type) {
    int i = priority.indexOf(type);
    return i < 0 ? priority.size() : i;
  }
}
