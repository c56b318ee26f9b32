package dev.rapport.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lower-case listings of enum constants for error messages. */
public final class Names {
  private Names() {}

  public static String of(Enum<?>[] values) {
    return Arrays.stream(values)
        .map(v -> v.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
