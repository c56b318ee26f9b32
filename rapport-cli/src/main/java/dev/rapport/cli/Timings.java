package dev.rapport.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall time of each step of a run, for {@code --timings}: where a slow analysis spends its time,
 * measured rather than guessed.
 */
final class Timings {
  private final List<String> names = new ArrayList<>();
  private final List<Long> nanos = new ArrayList<>();
  private long last = System.nanoTime();

  /** Ends the step that began at the previous lap (or at creation). */
  void lap(String step) {
    long now = System.nanoTime();
    names.add(step);
    nanos.add(now - last);
    last = now;
  }

  void print(PrintStream out) {
    long total = nanos.stream().mapToLong(Long::longValue).sum();
    for (int i = 0; i < names.size(); i++) {
      out.printf(
          Locale.ROOT,
          "%-28s %8.2f s %5.1f%%%n",
          names.get(i),
          nanos.get(i) / 1e9,
          100.0 * nanos.get(i) / Math.max(1, total));
    }
    out.printf(Locale.ROOT, "%-28s %8.2f s%n", "total", total / 1e9);
  }
}
