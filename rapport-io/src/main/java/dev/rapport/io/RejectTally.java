package dev.rapport.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts rejected rows by field and rule while passing them on, so that an import can end with "why
 * were rows rejected" in a few lines instead of only a file to open.
 */
public final class RejectTally implements RejectSink {
  private final RejectSink next;
  private final Map<String, long[]> counts = new HashMap<>();

  public RejectTally(RejectSink next) {
    this.next = next;
  }

  @Override
  public void reject(Rejection rejection, String raw) {
    String reason =
        rejection.field().isEmpty()
            ? rejection.rule()
            : rejection.field() + ": " + rejection.rule();
    counts.computeIfAbsent(reason, k -> new long[1])[0]++;
    next.reject(rejection, raw);
  }

  @Override
  public void flush() {
    next.flush();
  }

  /** The reasons, most frequent first (ties by text), as "count field: rule" lines. */
  public List<String> lines(int max) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) -> {
          int c = Long.compare(b.getValue()[0], a.getValue()[0]);
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : entries.subList(0, Math.min(max, entries.size()))) {
      out.add(String.format(Locale.ROOT, "%,12d  %s", e.getValue()[0], e.getKey()));
    }
    if (entries.size() > max) {
      out.add(String.format(Locale.ROOT, "%12s  (%d more reasons)", "", entries.size() - max));
    }
    return out;
  }
}
