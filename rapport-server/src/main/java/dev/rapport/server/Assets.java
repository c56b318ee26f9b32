package dev.rapport.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The browser libraries the dashboard and the API page use, served from their WebJars under fixed
 * paths ({@code /assets/echarts.min.js}, {@code /assets/swagger-ui-bundle.js}, {@code
 * /assets/swagger-ui.css}), so the pages name no version and work with no network.
 */
final class Assets {
  private final byte[] echarts = webjar("org.webjars.npm", "echarts", "dist/echarts.min.js");
  private final byte[] swaggerJs = webjar("org.webjars", "swagger-ui", "swagger-ui-bundle.js");
  private final byte[] swaggerCss = webjar("org.webjars", "swagger-ui", "swagger-ui.css");

  void echarts(Context ctx) {
    serve(ctx, echarts, "text/javascript");
  }

  void swaggerJs(Context ctx) {
    serve(ctx, swaggerJs, "text/javascript");
  }

  void swaggerCss(Context ctx) {
    serve(ctx, swaggerCss, "text/css");
  }

  private static void serve(Context ctx, byte[] body, String type) {
    ctx.header("Cache-Control", "max-age=86400").contentType(type).result(body);
  }

  /** A file of a WebJar on the class path, found through the version in its pom.properties. */
  static byte[] webjar(String group, String artifact, String file) {
    ClassLoader cl = Assets.class.getClassLoader();
    String pom = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = cl.getResourceAsStream(pom)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + artifact + " is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      String path =
          "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + file;
      try (InputStream body = cl.getResourceAsStream(path)) {
        if (body == null) {
          throw new IllegalStateException(path + " is missing from the WebJar");
        }
        return body.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A resource of this module, e.g. the dashboard page. */
  static byte[] resource(String path) {
    try (InputStream in = Assets.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
