package dev.rapport.core.engine;

import static dev.rapport.core.Events.at;
import static dev.rapport.core.Events.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Events;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyPath;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BatchEngineTest {
  private static Identifier id(String text) {
    return Identifier.parse(text);
  }

  /** Three customers, identities that merge late, touches answered and ignored. */
  static List<Interaction> scenario() {
    List<Interaction> events = new ArrayList<>();
    events.add(Events.withIds("w1", at(0, 9), Kind.RESPONSE, id("device_id:d1")));
    events.add(
        Events.withIds("p1", at(1, 9), Kind.PURCHASE, id("customer_id:C1"), id("email:a@x.org")));
    events.add(
        Events.withIds("l1", at(2, 9), Kind.SIGNUP, id("device_id:d1"), id("email:a@x.org")));
    events.add(
        Events.withIds(
            "p2", at(3, 9), Kind.PURCHASE, id("customer_id:C2"), id("email:test@test.com")));
    events.add(Events.withIds("j1", at(3, 9), Kind.RESPONSE, id("email:test@test.com")));
    events.add(Events.touch("C2", at(4, 9), Channel.EMAIL));
    events.add(Events.response("C2", at(4, 10), Channel.EMAIL));
    events.add(Events.touch("C3", at(5, 9), Channel.SMS));
    events.add(Events.touch("C3", at(5, 9), Channel.EMAIL));
    events.add(Events.purchase("C3", at(20, 9), 30));
    events.add(Events.purchase("C3", at(40, 9), 30));
    return events;
  }

  /** Profiles and lifecycles, in customer order. */
  private static List<Object> run(List<Interaction> events, int threads) {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), threads, true);
    events.forEach(engine::add);
    BatchResult r = engine.run(day(60));
    return List.of(r.profiles(), r.lifecycles());
  }

  @Test
  void run_mergesIdentities_andRejectsEventsWithOnlyBlockedIdentifiers() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 2);
    scenario().forEach(engine::add);
    BatchResult result = engine.run(day(60));
    assertThat(result.unresolved()).isEqualTo(1); // j1: only test@test.com
    assertThat(result.profiles())
        .extracting(CustomerProfile::customerId)
        .containsExactly("C1", "C2", "C3");
    CustomerProfile c1 = result.profiles().get(0);
    assertThat(c1.events()).isEqualTo(3); // the anonymous web visit is re-attributed
    assertThat(c1.firstSeen()).isEqualTo(at(0, 9));
    CustomerProfile c3 = result.profiles().get(2);
    assertThat(c3.channel(Channel.SMS).unengaged()).isEqualTo(1);
    assertThat(c3.frequency()).isEqualTo(1);
    CustomerProfile c2 = result.profiles().get(1);
    assertThat(c2.channel(Channel.EMAIL).engaged()).isEqualTo(1);
  }

  @Test
  void run_tracksEachCustomersLifecycle_namingTheCausingEvent() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 2, true);
    scenario().forEach(engine::add);
    BatchResult result = engine.run(day(60));
    Lifecycle c3 = result.lifecycles().get(2);
    assertThat(c3.transitions())
        .extracting(StageTransition::to)
        .startsWith(Stage.ACQUISITION, Stage.ACTIVATION);
    assertThat(c3.transitions().get(1).eventId()).isNotNull();
    assertThat(c3.transitions().get(1).at()).isEqualTo(at(20, 9));
    // Without kept ids, the same transitions name no event.
    BatchEngine lean = new BatchEngine(RapportConfig.defaults(), 2);
    scenario().forEach(lean::add);
    assertThat(lean.run(day(60)).lifecycles().get(2).transitions().get(1).eventId()).isNull();
  }

  @Test
  void run_logsJourneys_andThePathBeforeChurn_whenTheLifecycleEntersChurned() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 2);
    engine.add(Events.touch("C9", at(1, 9), Channel.EMAIL));
    engine.add(Events.response("C9", at(1, 10), Channel.EMAIL));
    engine.add(Events.purchase("C9", at(2, 9), 40));
    engine.add(Events.touch("C9", at(3, 9), Channel.SMS));
    engine.add(Events.event("C9", at(4, 9), Channel.PHONE, Kind.CANCEL, null, 0));
    BatchResult r = engine.run(day(60));

    JourneyLog log = r.journeys();
    assertThat(log.converted()).isEqualTo(1);
    assertThat(log.convertedRevenue()).isEqualTo(40);
    assertThat(log.lapsed()).isEqualTo(1); // the SMS journey's 30 days closed before day 60
    long churnPath =
        log.paths().entrySet().stream()
            .filter(e -> e.getValue()[JourneyLog.CHURNED] > 0)
            .mapToLong(java.util.Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(JourneyPath.label(churnPath))
        .isEqualTo("email touch > email response > sms touch > phone cancel");
  }

  @Test
  void run_asOf_leavesOutLaterEvents() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    scenario().forEach(engine::add);
    BatchResult result = engine.run(day(30));
    CustomerProfile c3 = result.profiles().get(2);
    assertThat(c3.purchases()).isEqualTo(1);
    assertThat(result.afterAsOf()).isEqualTo(1);
  }

  @Test
  void run_heldOutTouch_isNoTouch_andACustomerWithOnlyAssignmentsHasNoProfile() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    Interaction sent = Events.touch("C1", at(1, 9), Channel.SMS);
    Interaction heldOut = Events.touch("C1", at(2, 9), Channel.SMS);
    heldOut =
        new Interaction(
            "h1",
            heldOut.identifiers(),
            heldOut.ts(),
            heldOut.channel(),
            heldOut.kind(),
            null,
            "offer",
            null,
            Boolean.TRUE,
            0,
            0,
            Double.NaN,
            null,
            java.util.Map.of());
    Interaction onlyHeldOut =
        new Interaction(
            "h2",
            List.of(id("customer_id:C2")),
            at(2, 9),
            Channel.SMS,
            Kind.TOUCH,
            null,
            "offer",
            null,
            Boolean.TRUE,
            0,
            0,
            Double.NaN,
            null,
            java.util.Map.of());
    List.of(sent, heldOut, onlyHeldOut).forEach(engine::add);
    BatchResult result = engine.run(day(60));
    assertThat(result.profiles()).extracting(CustomerProfile::customerId).containsExactly("C1");
    CustomerProfile c1 = result.profiles().get(0);
    assertThat(c1.touches()).isEqualTo(1);
    assertThat(c1.unengaged()).isEqualTo(1);
    assertThat(c1.lastSeen()).isEqualTo(at(1, 9));
  }

  @Property(tries = 50)
  void run_resultDoesNotDependOnInputOrderOrThreads(@ForAll long seed) {
    List<Interaction> events = scenario(); // the same events (ids come from a counter)
    List<Interaction> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(seed));
    List<Object> expected = run(events, 1);
    List<Object> actual = run(shuffled, 1 + (int) Math.floorMod(seed, 3L));
    assertThat(actual)
        .usingRecursiveComparison()
        .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
        .isEqualTo(expected);
  }
}
