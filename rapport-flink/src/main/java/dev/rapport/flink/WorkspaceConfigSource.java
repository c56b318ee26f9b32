package dev.rapport.flink;

import dev.rapport.analytics.trigger.TriggerRules;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.io.config.IdentityRulesFile;
import dev.rapport.io.config.WorkspaceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A workspace's {@code rapport.yaml} and {@code identity-rules.jsonl}, read on the machine that
 * submits the job and carried to the task managers as text, where each operator reads them as the
 * CLI and the server do. Bad files fail at submission, naming file, line and key.
 */
final class WorkspaceConfigSource implements ConfigSource {
  private static final long serialVersionUID = 1L;

  private final String yaml;
  private final String yamlName;
  private final List<String> rules;
  private final String rulesName;

  /**
   * @param config {@code rapport.yaml}, or null for the defaults
   * @param identityRules {@code identity-rules.jsonl}, or null for none
   */
  WorkspaceConfigSource(Path config, Path identityRules) {
    try {
      this.yaml = config == null ? "" : Files.readString(config, StandardCharsets.UTF_8);
      this.rules =
          identityRules == null
              ? List.of()
              : List.copyOf(Files.readAllLines(identityRules, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + e.getMessage(), e);
    }
    this.yamlName = String.valueOf(config);
    this.rulesName = String.valueOf(identityRules);
    get(); // fail here, on submission, not on every task manager
  }

  /** The {@code triggers:} of the same {@code rapport.yaml}. */
  TriggerSource triggers() {
    String text = yaml;
    String name = yamlName;
    TriggerSource rules = () -> TriggerRules.parse(text, name);
    rules.get(); // fail on submission
    return rules;
  }

  @Override
  public RapportConfig get() {
    RapportConfig c = WorkspaceConfig.parse(yaml, Path.of(yamlName));
    return c.withIdentity(
        c.identity().withRules(IdentityRulesFile.parse(rules, Path.of(rulesName))));
  }
}
