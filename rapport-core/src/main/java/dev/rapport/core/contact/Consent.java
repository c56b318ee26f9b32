package dev.rapport.core.contact;

/** Whether a customer may be contacted on a channel. */
public enum Consent {
  /** An explicit grant, the latest consent record for the channel. */
  GRANTED,
  /** Unsubscribed, or withdrew consent, and has not granted it since. */
  WITHDRAWN,
  /** No record either way. */
  UNKNOWN
}
