package dev.rapport.server;

/**
 * A request that cannot be served, with the HTTP status and the stable error code the JSON body
 * carries (clients branch on the code; the message is for people).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
