package dev.rapport.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Numbers as the journey and advocacy files write them: money to the cent, shares and credits to
 * four places, ranks to six; a number that does not exist (no denominator) as JSON null.
 */
final class JsonNumbers {
  static final int MONEY = 2;
  static final int SHARE = 4;
  static final int RANK = 6;

  private JsonNumbers() {}

  /** {@code v} rounded half up to {@code places} decimal places. */
  static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }

  /** Puts {@code v} rounded, or null when it is NaN. */
  static void put(ObjectNode o, String name, double v, int places) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, round(v, places));
    }
  }
}
