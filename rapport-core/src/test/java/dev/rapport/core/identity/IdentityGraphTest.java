package dev.rapport.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Identifier;
import dev.rapport.core.config.IdentitySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityGraphTest {
  private final IdentityGraph graph = new IdentityGraph(IdentitySettings.defaults());

  private static Identifier id(String text) {
    return Identifier.parse(text);
  }

  @Test
  void link_identifiersOnOneEvent_becomeOneCustomer_foundByAnyIdentifier() {
    graph.link(List.of(id("customer_id:C1"), id("email:Ann@Example.com")));
    graph.link(List.of(id("email:ann@example.com"), id("phone:+1 (555) 010-2000")));
    graph.link(List.of(id("device_id:d-9"), id("phone:+15550102000")));
    Customers customers = graph.customers();
    assertThat(customers.count()).isEqualTo(1);
    int key = customers.keyOf(graph.lookup(id("device_id:d-9")));
    assertThat(customers.id(key)).isEqualTo("C1");
    assertThat(customers.keyOf(graph.lookup(id("customer_id:C1")))).isEqualTo(key);
    assertThat(customers.identifiers(key))
        .containsExactly(
            id("customer_id:C1"),
            id("email:ann@example.com"),
            id("phone:+15550102000"),
            id("device_id:d-9"));
  }

  @Test
  void link_blockedValue_neverGluesCustomers() {
    graph.link(List.of(id("customer_id:C1"), id("email:test@test.com")));
    graph.link(List.of(id("customer_id:C2"), id("email:TEST@test.com")));
    graph.link(List.of(id("customer_id:C3"), id("phone:000-000-0000")));
    assertThat(graph.customers().count()).isEqualTo(3);
    assertThat(graph.blocked()).isEqualTo(3); // the email twice and the all-zero phone
  }

  @Test
  void link_wouldGiveTwoCustomerIds_isRefusedAndCounted() {
    graph.link(List.of(id("customer_id:C1"), id("email:shared@family.org")));
    int anchor = graph.link(List.of(id("customer_id:C2"), id("email:shared@family.org")));
    Customers customers = graph.customers();
    assertThat(customers.count()).isEqualTo(2);
    assertThat(graph.conflicts()).isEqualTo(1);
    assertThat(customers.id(customers.keyOf(anchor))).isEqualTo("C2");
    assertThat(customers.id(customers.keyOf(graph.lookup(id("email:shared@family.org")))))
        .isEqualTo("C1");
  }

  @Test
  void link_laterEventJoinsTwoCustomers_reattributesBoth() {
    int web = graph.link(List.of(id("device_id:d1")));
    int shop = graph.link(List.of(id("customer_id:C7"), id("email:x@y.com")));
    assertThat(graph.customers().count()).isEqualTo(2);
    graph.link(List.of(id("device_id:d1"), id("email:x@y.com")));
    Customers after = graph.customers();
    assertThat(after.count()).isEqualTo(1);
    assertThat(after.keyOf(web)).isEqualTo(after.keyOf(shop));
    assertThat(after.id(after.keyOf(web))).isEqualTo("C7");
  }

  @Test
  void customers_withoutCustomerId_areNamedByTheirBestIdentifier() {
    graph.link(List.of(id("device_id:zz"), id("email:b@c.org")));
    Customers customers = graph.customers();
    assertThat(customers.id(0)).isEqualTo("email:b@c.org");
  }

  @Test
  void link_limitPerType_capsEmailsPerCustomer() {
    IdentityGraph strict =
        new IdentityGraph(
            new IdentitySettings(
                List.of("customer_id", "email"),
                java.util.Map.of("customer_id", 1, "email", 2),
                java.util.Set.of()));
    strict.link(List.of(id("customer_id:C1"), id("email:a@x.org")));
    strict.link(List.of(id("customer_id:C1"), id("email:b@x.org")));
    strict.link(List.of(id("customer_id:C1"), id("email:c@x.org")));
    assertThat(strict.conflicts()).isEqualTo(1);
    assertThat(strict.customers().count()).isEqualTo(2);
  }

  private static IdentityGraph ruled(IdentityRules rules) {
    return new IdentityGraph(IdentitySettings.defaults().withRules(rules));
  }

  private static final java.time.Instant AT = java.time.Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void mergeRule_joinsTwoCustomerIdsPastTheLimit_andTheCustomerStillTakesOtherIdentifiers() {
    IdentityGraph g =
        ruled(
            IdentityRules.NONE.merge(
                List.of(id("customer_id:C1")), List.of(id("customer_id:C2")), AT, "t", "dup"));
    g.link(List.of(id("customer_id:C1")));
    g.link(List.of(id("customer_id:C2"), id("email:b@x.org"))); // the rule fires here
    g.link(List.of(id("device_id:d1"), id("email:b@x.org"))); // no customer id: not refused
    Customers customers = g.customers();
    assertThat(customers.count()).isEqualTo(1);
    assertThat(customers.identifiers(0))
        .containsExactly(
            id("customer_id:C1"), id("customer_id:C2"), id("email:b@x.org"), id("device_id:d1"));
    assertThat(g.conflicts()).isZero();
    // A third customer id is still refused: the limit holds for unions the rules did not make.
    g.link(List.of(id("customer_id:C3"), id("email:b@x.org")));
    assertThat(g.customers().count()).isEqualTo(2);
    assertThat(g.conflicts()).isEqualTo(1);
  }

  @Test
  void apartRule_refusesEveryUnionThatWouldJoinItsPair_directOrThroughAThirdIdentifier() {
    IdentityGraph g =
        ruled(
            IdentityRules.NONE.split(
                List.of(id("email:kid@x.org")),
                List.of(id("customer_id:C1"), id("phone:+15550100")),
                AT,
                "t",
                "the child's address"));
    g.link(List.of(id("customer_id:C1"), id("phone:+15550100")));
    g.link(List.of(id("customer_id:C1"), id("email:kid@x.org"))); // direct: refused
    g.link(List.of(id("email:kid@x.org"), id("device_id:tablet")));
    g.link(List.of(id("device_id:tablet"), id("phone:+15550100"))); // through the tablet: refused
    Customers customers = g.customers();
    assertThat(customers.count()).isEqualTo(2);
    assertThat(g.keptApart()).isEqualTo(2);
    assertThat(customers.keyOf(g.lookup(id("device_id:tablet"))))
        .isEqualTo(customers.keyOf(g.lookup(id("email:kid@x.org"))))
        .isNotEqualTo(customers.keyOf(g.lookup(id("customer_id:C1"))));
  }

  @Test
  void rules_latestDecisionAboutAPairWins_andErasingForgetsRulesThatNameTheCustomer() {
    IdentityRules split =
        IdentityRules.NONE.split(
            List.of(id("email:a@x.org")), List.of(id("customer_id:C1")), AT, "t", "");
    IdentityRules merged =
        split.merge(List.of(id("customer_id:C1")), List.of(id("email:a@x.org")), AT, "t", "");
    assertThat(merged.rules())
        .extracting(IdentityRules.Rule::type)
        .containsExactly(IdentityRules.Type.MERGE);
    IdentityRules splitAgain =
        merged.split(List.of(id("email:a@x.org")), List.of(id("customer_id:C1")), AT, "t", "");
    assertThat(splitAgain.rules())
        .extracting(IdentityRules.Rule::type)
        .containsExactly(IdentityRules.Type.APART);
    assertThat(splitAgain.without(java.util.Set.of(id("email:a@x.org"))).isEmpty()).isTrue();
  }
}
