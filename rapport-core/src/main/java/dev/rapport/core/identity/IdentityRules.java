package dev.rapport.core.identity;

import dev.rapport.core.Identifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decisions a person made about identities, which the identity graph honours over what the events
 * say: two identifiers are the same customer ({@link Type#MERGE}), or must never be one customer
 * ({@link Type#APART}). Merging two customers records one merge rule between them; splitting
 * identifiers off a customer records an apart rule between each split identifier and each one that
 * stays, so that no later event can glue them back together.
 *
 * <p>A merge links even past the per-type limit (two {@code customer_id}s of one person, the usual
 * reason to merge by hand), but never across an apart rule. The latest decision about a pair wins:
 * a merge removes the apart rules between the two customers, a split removes the merge rules
 * between its two sides.
 *
 * <p>Immutable; the changes return new rules.
 */
public final class IdentityRules {
  /** No rules: the events alone decide. */
  public static final IdentityRules NONE = new IdentityRules(List.of());

  public enum Type {
    MERGE,
    APART;

    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
      return id;
    }

    /** Parses {@code merge} or {@code apart}. */
    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.id.equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown identity rule '" + text + "'; expected merge or apart");
    }
  }

  /**
   * One decision.
   *
   * @param at when it was made
   * @param by who made it (an API key's name, or a user)
   * @param reason why, as they wrote it; may be empty
   */
  public record Rule(Type type, Identifier a, Identifier b, Instant at, String by, String reason) {
    public Rule {
      if (a.equals(b)) {
        throw new IllegalArgumentException("an identity rule needs two identifiers, got " + a);
      }
      by = by == null ? "" : by;
      reason = reason == null ? "" : reason;
    }

    boolean mentions(Set<Identifier> ids) {
      return ids.contains(a) || ids.contains(b);
    }

    /** Whether the rule joins a member of {@code x} to a member of {@code y}. */
    boolean spans(Set<Identifier> x, Set<Identifier> y) {
      return x.contains(a) && y.contains(b) || x.contains(b) && y.contains(a);
    }
  }

  private final List<Rule> rules;
  private final Map<Identifier, List<Identifier>> merged = new HashMap<>();
  private final Map<Identifier, List<Identifier>> apart = new HashMap<>();

  public IdentityRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    for (Rule r : this.rules) {
      Map<Identifier, List<Identifier>> side = r.type() == Type.MERGE ? merged : apart;
      side.computeIfAbsent(r.a(), k -> new ArrayList<>(2)).add(r.b());
      side.computeIfAbsent(r.b(), k -> new ArrayList<>(2)).add(r.a());
    }
  }

  /** Every rule, in the order made. */
  public List<Rule> rules() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  boolean hasMerges() {
    return !merged.isEmpty();
  }

  boolean hasApart() {
    return !apart.isEmpty();
  }

  /** Identifiers ruled to be the same customer as {@code id}. */
  List<Identifier> mergedWith(Identifier id) {
    return merged.getOrDefault(id, List.of());
  }

  /** Identifiers ruled never to be the same customer as {@code id}. */
  List<Identifier> apartFrom(Identifier id) {
    return apart.getOrDefault(id, List.of());
  }

  /**
   * These rules with customers {@code x} and {@code y} (their identifiers) ruled one: a merge rule
   * between their first identifiers, and none of the apart rules between them.
   */
  public IdentityRules merge(
      List<Identifier> x, List<Identifier> y, Instant at, String by, String reason) {
    List<Rule> next = without(Type.APART, x, y);
    next.add(new Rule(Type.MERGE, x.get(0), y.get(0), at, by, reason));
    return new IdentityRules(next);
  }

  /**
   * These rules with identifiers {@code off} split from {@code stay}: an apart rule for each pair,
   * and none of the merge rules between the two sides.
   */
  public IdentityRules split(
      Collection<Identifier> off,
      Collection<Identifier> stay,
      Instant at,
      String by,
      String reason) {
    List<Rule> next = without(Type.MERGE, off, stay);
    for (Identifier o : off) {
      for (Identifier s : stay) {
        next.add(new Rule(Type.APART, o, s, at, by, reason));
      }
    }
    return new IdentityRules(next);
  }

  /** The rules, less those of {@code type} that join a member of {@code x} to one of {@code y}. */
  private List<Rule> without(Type type, Collection<Identifier> x, Collection<Identifier> y) {
    Set<Identifier> xs = new HashSet<>(x);
    Set<Identifier> ys = new HashSet<>(y);
    List<Rule> next = new ArrayList<>();
    for (Rule r : rules) {
      if (!(r.type() == type && r.spans(xs, ys))) {
        next.add(r);
      }
    }
    return next;
  }

  /** These rules without any that names one of {@code ids}: for erasing a customer. */
  public IdentityRules without(Set<Identifier> ids) {
    List<Rule> next = new ArrayList<>();
    for (Rule r : rules) {
      if (!r.mentions(ids)) {
        next.add(r);
      }
    }
    return new IdentityRules(next);
  }
}
