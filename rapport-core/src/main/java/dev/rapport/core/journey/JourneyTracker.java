package dev.rapport.core.journey;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import java.time.Duration;

/**
 * Cuts one customer's interactions into journeys, beside the profile fold, and logs each ended
 * journey into the {@link JourneyLog} of the fold thread. See {@code docs/JOURNEYS.md}.
 *
 * <p>A journey opens at a touchpoint (when none is open) and lasts at most {@code window}: the
 * first purchase inside the window ends it as converted; the window closing without one ends it as
 * lapsed; a journey still inside its window at the snapshot is open and counts nowhere, since it
 * may yet convert. A purchase with no open journey is direct. Steps are collapsed: a touchpoint
 * repeated back to back is one step (an absorbing Markov chain's absorption probabilities are the
 * same with or without self-loops, and paths read better).
 *
 * <p>Beside the journey, the tracker keeps the last {@link JourneyPath#STEPS} steps of the
 * customer's whole history: when the lifecycle moves the customer to churned, {@link #churned} logs
 * them as the path before churn.
 *
 * <p>Reused across the customers of a thread: {@link #reset} before each, {@link #finish} after.
 */
public final class JourneyTracker {
  /**
   * Steps kept of one journey. A longer journey keeps its first step and its latest ones (the
   * first-touch and last-touch models need both ends); the dropped middle is flagged.
   */
  static final int MAX_STEPS = 64;

  private final JourneyLog log;
  private final long window;
  private final short[] steps = new short[MAX_STEPS];
  private final short[] recent = new short[JourneyPath.STEPS];
  private int n;
  private boolean elided;
  private long opened;
  private int recentCount; // steps in the ring, up to JourneyPath.STEPS
  private int recentNext; // where the next step goes
  private boolean recentCut; // whether older steps fell out of the ring
  private int lastRemembered; // the newest step of the ring, -1 when empty

  public JourneyTracker(Duration window, JourneyLog log) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("journey window must be positive, got " + window);
    }
    this.window = window.getSeconds();
    this.log = log;
    reset();
  }

  public void reset() {
    n = 0;
    elided = false;
    recentCount = 0;
    recentNext = 0;
    recentCut = false;
    lastRemembered = -1;
  }

  /** One event of the customer, in time order (epoch seconds). */
  public void observe(long t, Channel ch, Kind kind, EventDetail detail, double value) {
    closeIfDue(t);
    if (kind == Kind.PURCHASE) {
      if (n > 0) {
        log.converted(steps, n, elided, value);
        n = 0;
        elided = false;
      } else {
        log.direct(value);
      }
      return;
    }
    int tp = Touchpoints.of(ch, kind, detail);
    if (tp < 0) {
      return;
    }
    if (n == 0) {
      opened = t;
    }
    append(tp);
    remember(tp);
  }

  /** The customer has just been moved to churned: their last steps are the path before churn. */
  public void churned() {
    if (recentCount == 0) {
      return;
    }
    short[] ordered = new short[recentCount];
    int oldest = recentNext - recentCount;
    for (int i = 0; i < recentCount; i++) {
      ordered[i] = recent[Math.floorMod(oldest + i, JourneyPath.STEPS)];
    }
    log.churned(JourneyPath.pack(ordered, recentCount, recentCut));
  }

  /** Ends the customer at the snapshot {@code asOf} (epoch seconds). */
  public void finish(long asOf) {
    closeIfDue(asOf);
    if (n > 0) {
      log.leftOpen();
    }
  }

  private void closeIfDue(long t) {
    if (n > 0 && t >= opened + window) {
      log.lapsed(steps, n, elided);
      n = 0;
      elided = false;
    }
  }

  private void append(int tp) {
    if (n > 0 && steps[n - 1] == tp) {
      return;
    }
    if (n == MAX_STEPS) {
      // Keep the first step; drop the oldest of the rest.
      System.arraycopy(steps, 2, steps, 1, MAX_STEPS - 2);
      n--;
      elided = true;
    }
    steps[n++] = (short) tp;
  }

  private void remember(int tp) {
    if (tp == lastRemembered) {
      return;
    }
    lastRemembered = tp;
    recent[recentNext] = (short) tp;
    recentNext = recentNext + 1 == JourneyPath.STEPS ? 0 : recentNext + 1;
    if (recentCount < JourneyPath.STEPS) {
      recentCount++;
    } else {
      recentCut = true;
    }
  }
}
