package dev.rapport.core.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * A customer's lifecycle up to a snapshot: the current stage, since when, and every transition that
 * led there, oldest first. The last transition always enters the current stage.
 */
public record Lifecycle(List<StageTransition> transitions) {
  public Lifecycle {
    transitions = List.copyOf(transitions);
    if (transitions.isEmpty()) {
      throw new IllegalArgumentException("a lifecycle has at least its first stage");
    }
    for (int i = 1; i < transitions.size(); i++) {
      if (transitions.get(i).from() != transitions.get(i - 1).to()) {
        throw new IllegalArgumentException(
            "transition "
                + i
                + " leaves "
                + transitions.get(i).from()
                + ", not the stage entered before");
      }
    }
  }

  public Stage stage() {
    return last().to();
  }

  public Instant since() {
    return last().at();
  }

  private StageTransition last() {
    return transitions.get(transitions.size() - 1);
  }
}
