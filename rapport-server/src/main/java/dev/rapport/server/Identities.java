package dev.rapport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.core.Identifier;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.identity.IdentityRules;
import dev.rapport.io.config.IdentityRulesFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merge and unmerge by hand. A merge rules two customers one person; an unmerge rules identifiers
 * of a customer another person. Either is an {@link IdentityRules} change: written to the
 * workspace's {@code identity-rules.jsonl} first (so a restart, and {@code rapport analyze}, honour
 * it), then put in force in the live engine, which links everyone again under the new rules.
 *
 * <p>Every method here runs on the ingest writer's thread, so no batch is half linked under the old
 * rules and half under the new, and two changes never race to write the file.
 */
final class Identities {
  private final Path file;
  private final LiveEngine engine;
  private final Function<String, LiveCustomer> find;

  /**
   * @param find a customer by any identifier, or {@link ApiException} 404
   */
  Identities(Path workspace, LiveEngine engine, Function<String, LiveCustomer> find) {
    this.file = workspace.resolve(IdentityRulesFile.FILE_NAME);
    this.engine = engine;
    this.find = find;
  }

  /** The rules in the workspace's file, which the server puts in force at start. */
  static IdentityRules load(Path workspace) {
    return IdentityRulesFile.load(workspace.resolve(IdentityRulesFile.FILE_NAME));
  }

  /** {@code {"customers": [a, b], "reason": "..."}}: rules the two customers one. */
  Map<String, Object> merge(JsonNode body, String by) {
    Requests.onlyFields(body, "customers", "reason");
    JsonNode refs = body.get("customers");
    if (refs == null
        || !refs.isArray()
        || refs.size() != 2
        || !refs.get(0).isTextual()
        || !refs.get(1).isTextual()) {
      throw Requests.invalid(
          "field customers value '"
              + (refs == null ? "" : refs.toString())
              + "': must be two customer references (any identifier of each)");
    }
    LiveCustomer x = find.apply(refs.get(0).asText());
    LiveCustomer y = find.apply(refs.get(1).asText());
    Map<String, Object> m = new LinkedHashMap<>();
    if (x.id().equals(y.id())) {
      m.put("changed", false);
      m.put("customer", Views.brief(x));
      return m;
    }
    IdentityRules next =
        engine.rules().merge(x.identifiers(), y.identifiers(), Instant.now(), by, reason(body));
    putInForce(next);
    LiveCustomer now = engine.customer(x.identifiers().get(0)).orElseThrow();
    m.put("changed", true);
    m.put("merged", List.of(x.id(), y.id()));
    m.put("customer", Views.brief(now));
    return m;
  }

  /**
   * {@code {"customer": ref, "identifiers": ["type:value", ...], "reason": "..."}}: rules the
   * listed identifiers of the customer another person's, kept apart from the rest for good.
   */
  Map<String, Object> unmerge(JsonNode body, String by) {
    Requests.onlyFields(body, "customer", "identifiers", "reason");
    JsonNode ref = body.get("customer");
    if (ref == null || !ref.isTextual()) {
      throw Requests.invalid(
          "field customer value '"
              + (ref == null ? "" : ref.toString())
              + "': required, a customer reference (any identifier)");
    }
    LiveCustomer c = find.apply(ref.asText());
    JsonNode list = body.get("identifiers");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw Requests.invalid(
          "field identifiers value '"
              + (list == null ? "" : list.toString())
              + "': required, a non-empty array of type:value");
    }
    Set<Identifier> off = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      Identifier id;
      try {
        id = Identifier.parse(v.asText(""));
      } catch (IllegalArgumentException e) {
        throw Requests.invalid(
            "field identifiers[" + i + "] value '" + v.asText("") + "': " + e.getMessage());
      }
      if (!c.identifiers().contains(id)) {
        throw Requests.invalid(
            "field identifiers["
                + i
                + "] value '"
                + id
                + "': not an identifier of customer "
                + c.id()
                + " "
                + c.identifiers().stream().map(Identifier::toString).toList());
      }
      off.add(id);
    }
    List<Identifier> stay = new ArrayList<>(c.identifiers());
    stay.removeAll(off);
    if (stay.isEmpty()) {
      throw Requests.invalid(
          "field identifiers value '"
              + list
              + "': lists every identifier of customer "
              + c.id()
              + "; keep at least one with the customer");
    }
    IdentityRules next = engine.rules().split(off, stay, Instant.now(), by, reason(body));
    putInForce(next);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("changed", true);
    m.put("unmerged", c.id());
    m.put("customers", holders(c.identifiers()));
    return m;
  }

  /** Every rule in force, in the order made. */
  List<ObjectNode> rules() {
    List<ObjectNode> out = new ArrayList<>();
    for (IdentityRules.Rule r : engine.rules().rules()) {
      out.add(IdentityRulesFile.json(r));
    }
    return out;
  }

  /**
   * After the engine erased a customer (which drops the rules that name them): rewrites the file
   * without those rules.
   *
   * @return the rules erased
   */
  int afterErase(IdentityRules before) {
    IdentityRules now = engine.rules();
    int erased = before.rules().size() - now.rules().size();
    if (erased > 0) {
      IdentityRulesFile.write(file, now);
    }
    return erased;
  }

  private void putInForce(IdentityRules next) {
    IdentityRulesFile.write(file, next);
    engine.rules(next);
  }

  /**
   * The customers who hold {@code ids} now, each once. An identifier that never named an event's
   * customer holds none once split off: it is listed under no customer.
   */
  private List<Map<String, Object>> holders(List<Identifier> ids) {
    List<Map<String, Object>> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> unheld = new ArrayList<>();
    for (Identifier id : ids) {
      Optional<LiveCustomer> c = engine.customer(id);
      if (c.isEmpty()) {
        unheld.add(id.toString());
      } else if (seen.add(c.get().id())) {
        out.add(Views.brief(c.get()));
      }
    }
    if (!unheld.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("customer_id", null);
      m.put("identifiers", unheld);
      m.put(
          "note", "no event of these identifiers' own: they belong to no customer until one comes");
      out.add(m);
    }
    return out;
  }

  private static String reason(JsonNode body) {
    return body.path("reason").asText("");
  }
}
