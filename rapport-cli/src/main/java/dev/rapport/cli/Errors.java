package dev.rapport.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Turns failures into one line a user can act on; stack traces only with RAPPORT_DEBUG set. */
final class Errors {
  private Errors() {}

  static String describe(Throwable ex) {
    Throwable t = ex;
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException) {
      return "file not found: " + t.getMessage();
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t.getCause() != null
        && t.getCause().getMessage() != null
        && !msg.contains(t.getCause().getMessage())) {
      return msg + " (" + t.getCause().getMessage() + ")";
    }
    return msg;
  }
}
