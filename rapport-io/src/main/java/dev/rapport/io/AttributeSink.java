package dev.rapport.io;

import java.util.List;

/**
 * Where an import of a customer attribute file delivers its rows, a batch at a time, in file order.
 * A later row for the same customer overrides the attributes it names.
 */
@FunctionalInterface
public interface AttributeSink {
  void accept(List<CustomerAttributes> batch);
}
