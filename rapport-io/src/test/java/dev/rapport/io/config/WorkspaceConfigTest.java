package dev.rapport.io.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.config.LifecycleSettings;
import dev.rapport.core.config.PeriodUnit;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.config.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceConfigTest {
  @TempDir Path dir;

  @Test
  void render_thenLoad_givesTheDefaultsBack() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, WorkspaceConfig.render(RapportConfig.defaults()));
    assertThat(WorkspaceConfig.load(file)).isEqualTo(RapportConfig.defaults());
  }

  @Test
  void load_partialFile_overridesOnlyWhatItSets() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(
        file,
        "timezone: Europe/London\nclv: {time_unit: days}\nchannels:\n  email: {response_window: 5d}\n"
            + "score: {weights: {purchase: 7}}\n");
    RapportConfig c = WorkspaceConfig.load(file);
    assertThat(c.zone().getId()).isEqualTo("Europe/London");
    assertThat(c.clvUnit()).isEqualTo(PeriodUnit.DAYS);
    assertThat(c.channel(Channel.EMAIL).responseWindow()).isEqualTo(Duration.ofDays(5));
    assertThat(c.channel(Channel.EMAIL).costPerTouch()).isEqualTo(0.01);
    assertThat(c.score().weight(Signal.PURCHASE)).isEqualTo(7.0);
    assertThat(c.channel(Channel.SMS)).isEqualTo(RapportConfig.defaults().channel(Channel.SMS));
  }

  @Test
  void parse_readsTheTextAsLoadReadsTheFile() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    String yaml = "timezone: Europe/London\nchannels:\n  email: {response_window: 5d}\n";
    Files.writeString(file, yaml);
    assertThat(WorkspaceConfig.parse(yaml, file)).isEqualTo(WorkspaceConfig.load(file));
    assertThat(WorkspaceConfig.parse("", file)).isEqualTo(RapportConfig.defaults());
    assertThatThrownBy(() -> WorkspaceConfig.parse("chanels: {}\n", file))
        .hasMessageContaining("rapport.yaml")
        .hasMessageContaining("chanels");
  }

  @Test
  void load_unknownKey_isAnErrorNamingFileAndKey() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, "chanels:\n  email: {response_window: 5d}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rapport.yaml")
        .hasMessageContaining("chanels")
        .hasMessageContaining("unknown key");
  }

  @Test
  void load_badDuration_namesKeyValueAndRule() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, "channels:\n  sms: {response_window: soon}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("channels.sms.response_window")
        .hasMessageContaining("'soon'")
        .hasMessageContaining("must be a duration");
  }

  @Test
  void load_kpiFunnels_replaceTheDefaults_andABadStepNamesTheKey() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(
        file,
        "kpi:\n  csat_satisfied_at_least: 5\n  funnels:\n"
            + "    lead_to_deal: {steps: [signup, purchase], window: 730d}\n");
    dev.rapport.core.config.KpiSettings k = WorkspaceConfig.load(file).kpi();
    assertThat(k.csatSatisfiedAtLeast()).isEqualTo(5.0);
    assertThat(k.funnels()).hasSize(1);
    assertThat(k.funnels().get(0).steps())
        .containsExactly(dev.rapport.core.Kind.SIGNUP, dev.rapport.core.Kind.PURCHASE);
    assertThat(k.funnels().get(0).window()).isEqualTo(Duration.ofDays(730));
    Files.writeString(file, "kpi:\n  funnels:\n    f: {steps: [signup, purchased], window: 7d}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("kpi.funnels.f.steps")
        .hasMessageContaining("'purchased'");
    Files.writeString(file, "kpi:\n  funnels:\n    f: {steps: [signup], window: 7d}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("needs 2 to 16 steps");
  }

  @Test
  void load_journeyWindowAndReferredAttribute_areRead_andAZeroWindowIsAnError() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, "kpi:\n  journey_window: 7d\n  referred_attribute: invited\n");
    dev.rapport.core.config.KpiSettings k = WorkspaceConfig.load(file).kpi();
    assertThat(k.journeyWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(k.referredAttribute()).isEqualTo("invited");
    assertThat(k.funnels()).isEqualTo(dev.rapport.core.config.KpiSettings.defaults().funnels());
    Files.writeString(file, "kpi:\n  journey_window: 0d\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("kpi")
        .hasMessageContaining("journey window must be positive");
  }

  @Test
  void load_costPerTicket_isReadAndANegativeOneIsAnError() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, "clv: {cost_per_ticket: 4.5}\n");
    assertThat(WorkspaceConfig.load(file).clv().costPerTicket()).isEqualTo(4.5);
    Files.writeString(file, "clv: {cost_per_ticket: -1}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("rapport.yaml")
        .hasMessageContaining("clv.cost_per_ticket = '-1' must be a finite number >= 0.0");
  }

  @Test
  void load_missingFile_isDefaults() {
    assertThat(WorkspaceConfig.load(dir.resolve("nope.yaml"))).isEqualTo(RapportConfig.defaults());
  }

  @Test
  void load_lifecycleRules_overrideOnlyWhatTheySet() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(
        file,
        "lifecycle:\n  activation: {kinds: [purchase, signup]}\n"
            + "  disengaged: {ignored_streak: 0, silence_multiple: 2.5}\n"
            + "  churned: {inactivity: 365d}\n");
    LifecycleSettings l = WorkspaceConfig.load(file).lifecycle();
    LifecycleSettings d = LifecycleSettings.defaults();
    assertThat(l.activation().kinds()).containsExactlyInAnyOrder(Kind.PURCHASE, Kind.SIGNUP);
    assertThat(l.disengaged().ignoredStreak()).isZero();
    assertThat(l.disengaged().silenceMultiple()).isEqualTo(2.5);
    assertThat(l.disengaged().minSilence()).isEqualTo(d.disengaged().minSilence());
    assertThat(l.churned().inactivity()).isEqualTo(Duration.ofDays(365));
    assertThat(l.loyalty()).isEqualTo(d.loyalty());
  }

  @Test
  void load_badLifecycleRule_namesKeyValueAndRule() throws Exception {
    Path file = dir.resolve("rapport.yaml");
    Files.writeString(file, "lifecycle:\n  activation: {kinds: [purchase, login]}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("lifecycle.activation.kinds")
        .hasMessageContaining("'login'")
        .hasMessageContaining("unknown kind");
    Files.writeString(file, "lifecycle:\n  loyalty: {min_purchase_days: 1}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("lifecycle.loyalty.min_purchase_days")
        .hasMessageContaining("'1'");
    Files.writeString(file, "lifecycle:\n  engagement: {within: 0d}\n");
    assertThatThrownBy(() -> WorkspaceConfig.load(file))
        .hasMessageContaining("lifecycle.engagement.within must be positive");
  }
}
