package dev.rapport.io;

/**
 * A mapping file that cannot be used: names the mapping file, the YAML line, the key and the rule
 * broken, as in {@code mapping examples/x.yaml line 7: identifiers[0].type 'emial' is not a known
 * identifier type (did you mean 'email'?)}.
 */
public final class MappingException extends RuntimeException {
  private final String origin;
  private final int line;
  private final String key;
  private final String problem;

  /**
   * @param origin the mapping file as the user named it
   * @param line 1-based YAML line, or 0 when the problem concerns the whole file
   * @param key the path of the key, such as {@code identifiers[0].type}; empty for the file
   * @param problem what is wrong, naming the value and the rule
   */
  public MappingException(String origin, int line, String key, String problem) {
    this(origin, line, key, problem, null);
  }

  public MappingException(String origin, int line, String key, String problem, Throwable cause) {
    super(message(origin, line, key, problem), cause);
    this.origin = origin;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  private static String message(String origin, int line, String key, String problem) {
    StringBuilder b = new StringBuilder("mapping ").append(origin);
    if (line > 0) {
      b.append(" line ").append(line);
    }
    b.append(": ");
    if (key != null && !key.isEmpty()) {
      b.append(key).append(' ');
    }
    return b.append(problem).toString();
  }

  public String origin() {
    return origin;
  }

  public int line() {
    return line;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
