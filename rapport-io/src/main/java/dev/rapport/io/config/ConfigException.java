package dev.rapport.io.config;

/** A workspace configuration that cannot be used; the message names the file, key and rule. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
