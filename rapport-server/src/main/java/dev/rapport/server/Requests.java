package dev.rapport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** Reading the JSON object bodies of the small admin requests (consent, merge, unmerge). */
final class Requests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  /**
   * The body as a JSON object.
   *
   * @param shape what to send, for the error when the body is not an object
   * @throws ApiException 400 when the body is not JSON or not an object
   */
  static JsonNode object(Context ctx, String shape) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new ApiException(400, "malformed_json", "the body is not JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw new ApiException(400, "bad_request", "send " + shape);
    }
    return body;
  }

  /** Refuses fields other than {@code allowed}: a misspelt field is an error, not ignored. */
  static void onlyFields(JsonNode body, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw invalid(
            "field " + f + " value '" + body.get(f) + "': unknown field; expected one of " + ok);
      }
    }
  }

  /** 422 {@code invalid_field}: {@code message} names the field, the value and the rule. */
  static ApiException invalid(String message) {
    return new ApiException(422, "invalid_field", message);
  }
}
