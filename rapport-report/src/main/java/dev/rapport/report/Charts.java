package dev.rapport.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The report's interactive charts: Apache ECharts from its WebJar, inlined into the page so that it
 * opens from disk without a network. A section asks for a chart with {@link #chart}, which returns
 * the placeholder and keeps the ECharts option; {@link #script} emits the library and one script
 * that draws every chart with the SVG renderer and marks each placeholder {@code data-drawn} with
 * the number of data points drawn (the browser test reads it).
 */
final class Charts {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEBJAR = "META-INF/resources/webjars/echarts/";
  private static final String POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  /** The palette of the report's own SVG charts, so both kinds read alike. */
  static final String ENGAGED = "#2e7d32";

  static final String UNENGAGED = "#c62828";
  static final String NEUTRAL = "#9e9e9e";
  static final String ACCENT = "#1565c0";

  private final Map<String, ObjectNode> options = new LinkedHashMap<>();
  private final Map<String, Integer> points = new LinkedHashMap<>();

  /**
   * A chart's placeholder.
   *
   * @param name a stable name (the test's screenshots and the element id use it)
   * @param option the ECharts option
   * @param dataPoints how many data points it draws; a chart with none is not drawn, and its
   *     section says why instead
   */
  String chart(String name, ObjectNode option, int dataPoints, int heightPx) {
    String id = "chart-" + name;
    if (options.containsKey(id)) {
      throw new IllegalArgumentException("two charts named " + name);
    }
    // Drawn at once: a report is read, printed and photographed, and a chart caught mid-animation
    // (a Sankey's links grow from the left) is a wrong picture.
    option.put("animation", false);
    options.put(id, option);
    points.put(id, dataPoints);
    return "<div class=\"echart\" id=\""
        + Html.esc(id)
        + "\" style=\"height:"
        + heightPx
        + "px\" role=\"img\" aria-label=\""
        + Html.esc(name)
        + "\"></div>";
  }

  boolean isEmpty() {
    return options.isEmpty();
  }

  /** The library and the drawing script; empty when no chart was asked for. */
  String script() {
    if (options.isEmpty()) {
      return "";
    }
    ObjectNode all = JSON.createObjectNode();
    options.forEach(all::set);
    ObjectNode counts = JSON.createObjectNode();
    points.forEach(counts::put);
    String json;
    try {
      // Every "<" escaped: "</script" would end the script element early, and "<!--" would change
      // how the HTML parser reads the rest of it (labels are customer data). JSON allows the
      // escaped form.
      json = JSON.writeValueAsString(all).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("chart options are not JSON", e);
    }
    return "<script>"
        + library()
        + "</script>\n<script>\n(function () {\n  var options = "
        + json
        + ";\n  var points = "
        + counts
        + ";\n  var charts = [];\n"
        + "  Object.keys(options).forEach(function (id) {\n"
        + "    var el = document.getElementById(id);\n"
        + "    var chart = echarts.init(el, null, {renderer: 'svg'});\n"
        + "    chart.setOption(options[id]);\n"
        + "    el.setAttribute('data-drawn', String(points[id]));\n"
        + "    charts.push(chart);\n"
        + "  });\n"
        + "  window.addEventListener('resize', function () {\n"
        + "    charts.forEach(function (c) { c.resize(); });\n"
        + "  });\n"
        + "})();\n</script>\n";
  }

  private static String cached;

  /** echarts.min.js from the WebJar on the class path. */
  static synchronized String library() {
    if (cached == null) {
      ClassLoader cl = Charts.class.getClassLoader();
      try (InputStream pom = cl.getResourceAsStream(POM)) {
        if (pom == null) {
          throw new IllegalStateException(
              "the ECharts WebJar is not on the class path (" + POM + ")");
        }
        Properties p = new Properties();
        p.load(pom);
        String path = WEBJAR + p.getProperty("version") + "/dist/echarts.min.js";
        try (InputStream js = cl.getResourceAsStream(path)) {
          if (js == null) {
            throw new IllegalStateException("the ECharts WebJar has no " + path);
          }
          cached = new String(js.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the ECharts WebJar", e);
      }
    }
    return cached;
  }

  // Small builders for the options the sections share.

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }

  static ArrayNode strings(Iterable<String> values) {
    ArrayNode a = array();
    values.forEach(a::add);
    return a;
  }

  /** A number, or null for NaN (ECharts leaves a gap). */
  static void add(ArrayNode a, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      a.addNull();
    } else {
      a.add(Math.round(v * 1e4) / 1e4);
    }
  }

  static ObjectNode tooltip(String trigger) {
    ObjectNode t = object();
    t.put("trigger", trigger);
    return t;
  }

  /**
   * A bar chart's option with the categories down the left, the first at the top, and the values
   * along the bottom; {@code right} leaves room for labels past the longest bar.
   */
  static ObjectNode horizontal(List<String> categories, String valueName, int right) {
    ObjectNode o = object();
    o.set("grid", grid(10, right, 30, 10));
    o.set("tooltip", tooltip("axis"));
    ObjectNode x = o.putObject("xAxis");
    x.put("type", "value");
    if (valueName != null) {
      x.put("name", valueName);
    }
    ObjectNode y = o.putObject("yAxis");
    y.put("type", "category");
    y.put("inverse", true);
    y.set("data", strings(categories));
    return o;
  }

  /** A bar chart's option with the categories along the bottom and a legend on top. */
  static ObjectNode vertical(List<String> categories, String valueName) {
    ObjectNode o = object();
    o.set("grid", grid(10, 20, 40, 10));
    o.set("tooltip", tooltip("axis"));
    o.putObject("legend").put("top", 0);
    ObjectNode x = o.putObject("xAxis");
    x.put("type", "category");
    x.set("data", strings(categories));
    o.putObject("yAxis").put("type", "value").put("name", valueName);
    return o;
  }

  /** Adds a bar series to an option and returns it, for its data. */
  static ObjectNode bars(ObjectNode option, String name, String color) {
    ArrayNode all =
        option.has("series") ? (ArrayNode) option.get("series") : option.putArray("series");
    ObjectNode s = all.addObject();
    s.put("type", "bar").put("name", name);
    if (color != null) {
      s.putObject("itemStyle").put("color", color);
    }
    return s;
  }

  static ObjectNode grid(int left, int right, int top, int bottom) {
    ObjectNode g = object();
    g.put("left", left);
    g.put("right", right);
    g.put("top", top);
    g.put("bottom", bottom);
    g.put("containLabel", true);
    return g;
  }
}
