package dev.rapport.io;

import dev.rapport.core.Interaction;
import java.util.List;

/** Where an import delivers accepted interactions, a batch at a time (a store, a test list). */
@FunctionalInterface
public interface EventSink {
  /**
   * Adds the events whose event id the sink does not hold yet, counting duplicates both against
   * what it already has and within the batch.
   *
   * @param batch the events; the sink may keep the list, the importer does not reuse it
   * @return how many events were newly added, between 0 and the batch size
   */
  int append(List<Interaction> batch);
}
