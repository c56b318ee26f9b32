package dev.rapport.io.output;

import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code out/lifecycle.csv}: one row per stage transition, customers in the order given and
 * each customer's transitions oldest first, so the last row of a customer is their current stage.
 * {@code from} is empty for the first stage; {@code event_id} is empty for transitions caused by
 * silence.
 */
public final class LifecycleTable {
  public static final List<String> COLUMNS =
      List.of("customer_id", "seq", "from", "to", "at", "cause", "event_id", "reactivation");

  private LifecycleTable() {}

  public static void write(Path file, List<CustomerProfile> profiles, List<Lifecycle> lifecycles) {
    if (lifecycles.size() != profiles.size()) {
      throw new IllegalArgumentException(
          lifecycles.size() + " lifecycles for " + profiles.size() + " profiles");
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w =
          new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
        w.write(String.join(",", COLUMNS));
        w.write('\n');
        StringBuilder row = new StringBuilder(256);
        for (int i = 0; i < profiles.size(); i++) {
          String customer = profiles.get(i).customerId();
          int seq = 0;
          for (StageTransition t : lifecycles.get(i).transitions()) {
            row.setLength(0);
            CustomerTable.cell(row, customer);
            row.append(seq++).append(',');
            CustomerTable.cell(row, t.from() == null ? "" : t.from().id());
            CustomerTable.cell(row, t.to().id());
            CustomerTable.cell(row, CustomerTable.day(t.at()));
            CustomerTable.cell(row, t.cause());
            CustomerTable.cell(row, t.eventId() == null ? "" : t.eventId());
            row.append(t.reactivation()).append('\n');
            w.append(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
