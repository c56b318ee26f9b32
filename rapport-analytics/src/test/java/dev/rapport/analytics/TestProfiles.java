package dev.rapport.analytics;

import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Profiles for analytics tests: only what a test sets differs from a plain customer. */
public final class TestProfiles {
  public static final Instant AS_OF = Instant.parse("2024-07-01T00:00:00Z");
  private static final long DAY = 86_400L;

  private TestProfiles() {}

  public static Builder customer() {
    return new Builder();
  }

  /** A customer seen for {@code tenureDays} up to {@link #AS_OF}; everything else zero. */
  public static final class Builder {
    private final List<ChannelStats> channels = new ArrayList<>();
    private double tenureDays = 300;
    private long daysSilent = 1;
    private int purchases;
    private double revenue;
    private int inbound;
    private int streak;
    private double score = 40;

    public Builder channel(ChannelStats s) {
      channels.add(s);
      return this;
    }

    public Builder tenureDays(double days) {
      this.tenureDays = days;
      return this;
    }

    public Builder daysSilent(long days) {
      this.daysSilent = days;
      return this;
    }

    public Builder purchases(int n, double revenue) {
      this.purchases = n;
      this.revenue = revenue;
      return this;
    }

    public Builder inbound(int n) {
      this.inbound = n;
      return this;
    }

    public Builder streak(int n) {
      this.streak = n;
      return this;
    }

    public CustomerProfile build() {
      int touches = channels.stream().mapToInt(ChannelStats::touches).sum();
      return new CustomerProfile(
          0,
          "C",
          AS_OF,
          AS_OF.minusSeconds((long) (tenureDays * DAY)),
          AS_OF.minusSeconds(daysSilent * DAY),
          tenureDays,
          touches + inbound,
          channels,
          inbound,
          inbound == 0 ? null : AS_OF.minusSeconds(daysSilent * DAY),
          purchases,
          revenue,
          0,
          0,
          null,
          null,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          0,
          0,
          0,
          0,
          streak,
          score,
          List.of());
    }
  }
}
