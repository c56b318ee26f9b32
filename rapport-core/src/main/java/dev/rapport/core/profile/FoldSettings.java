package dev.rapport.core.profile;

import dev.rapport.core.Channel;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.config.Signal;
import java.time.ZoneId;

/**
 * The configuration in the shape the hot path wants: arrays indexed by ordinal, times in seconds.
 * Built once per run and shared, read-only, by every accumulator.
 */
public final class FoldSettings {
  final long[] windowSeconds = new long[Channel.values().length];
  final double[] weights = new double[Signal.values().length];
  final double halfLifeSeconds;
  final double scoreScale;
  final long pressureWindowSeconds;
  final ZoneId zone;
  final boolean zoneIsFixedOffset;
  final long zoneOffsetSeconds;
  final double unitDays;
  final double priorEngaged;
  final double priorIgnored;
  final int ignoredStreakLimit;

  public FoldSettings(RapportConfig config) {
    for (Channel c : Channel.values()) {
      windowSeconds[c.ordinal()] = config.channel(c).responseWindow().toSeconds();
    }
    for (Signal s : Signal.values()) {
      weights[s.ordinal()] = config.score().weight(s);
    }
    ignoredStreakLimit = config.lifecycle().disengaged().ignoredStreak();
    halfLifeSeconds = config.score().halfLife().toSeconds();
    scoreScale = config.score().scale();
    pressureWindowSeconds = config.contactPressureWindow().toSeconds();
    zone = config.zone();
    zoneIsFixedOffset = zone.getRules().isFixedOffset();
    zoneOffsetSeconds =
        zoneIsFixedOffset
            ? zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds()
            : 0;
    unitDays = config.clvUnit().days();
    priorEngaged = config.responsePriorEngaged();
    priorIgnored = config.responsePriorIgnored();
  }

  /** The business day (epoch day in the configured zone) of an instant given in epoch seconds. */
  long epochDay(long epochSecond) {
    long offset =
        zoneIsFixedOffset
            ? zoneOffsetSeconds
            : zone.getRules()
                .getOffset(java.time.Instant.ofEpochSecond(epochSecond))
                .getTotalSeconds();
    return Math.floorDiv(epochSecond + offset, 86_400L);
  }
}
