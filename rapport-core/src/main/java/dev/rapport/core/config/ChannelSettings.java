package dev.rapport.core.config;

import java.time.Duration;

/**
 * Per-channel settings.
 *
 * @param responseWindow how long after a touch an engaged response still counts for it; when it
 *     closes without one, the touch is unengaged
 * @param costPerTouch what one touch on this channel costs to send or make, in the workspace
 *     currency (used by later cost-to-serve models)
 */
public record ChannelSettings(Duration responseWindow, double costPerTouch) {
  public ChannelSettings {
    if (responseWindow == null || responseWindow.isNegative()) {
      throw new IllegalArgumentException(
          "response window must be zero or positive, got " + responseWindow);
    }
    if (!(costPerTouch >= 0)) {
      throw new IllegalArgumentException("cost per touch must be >= 0, got " + costPerTouch);
    }
  }
}
