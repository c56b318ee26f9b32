package dev.rapport.io;

/** The boolean spellings sources use: true/false, 1/0, yes/no, t/f, y/n, in any case. */
final class Booleans {
  private Booleans() {}

  /** TRUE, FALSE, or null when the text (surrounding blanks ignored) is none of the spellings. */
  static Boolean parse(String text) {
    String s = text.strip();
    switch (s.length()) {
      case 1:
        switch (s.charAt(0)) {
          case '1':
          case 't':
          case 'T':
          case 'y':
          case 'Y':
            return Boolean.TRUE;
          case '0':
          case 'f':
          case 'F':
          case 'n':
          case 'N':
            return Boolean.FALSE;
          default:
            return null;
        }
      case 2:
        return s.equalsIgnoreCase("no") ? Boolean.FALSE : null;
      case 3:
        return s.equalsIgnoreCase("yes") ? Boolean.TRUE : null;
      case 4:
        return s.equalsIgnoreCase("true") ? Boolean.TRUE : null;
      case 5:
        return s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
      default:
        return null;
    }
  }
}
