package dev.rapport.io;

import java.util.Objects;

/**
 * The outcome of mapping one row: either a value or the rejection that stopped it.
 *
 * @param value the mapped value; null when rejected
 * @param rejection why the row was rejected; null when accepted
 */
public record Mapped<T>(T value, Rejection rejection) {
  public Mapped {
    if ((value == null) == (rejection == null)) {
      throw new IllegalArgumentException("exactly one of value and rejection must be given");
    }
  }

  public static <T> Mapped<T> accepted(T value) {
    return new Mapped<>(Objects.requireNonNull(value, "value"), null);
  }

  public static <T> Mapped<T> rejected(Rejection rejection) {
    return new Mapped<>(null, Objects.requireNonNull(rejection, "rejection"));
  }

  public boolean isAccepted() {
    return value != null;
  }
}
