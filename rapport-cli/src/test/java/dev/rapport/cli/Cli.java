package dev.rapport.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the real command line in-process and captures what it prints. */
public final class Cli {
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = Main.execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The shared datasets folder, or null when it is not beside the checkout. */
  static Path datasets() {
    String p = System.getProperty("rapport.datasets", "../../shared/datasets");
    Path dir = Path.of(p);
    return Files.isDirectory(dir) ? dir : null;
  }

  /**
   * Does what {@code examples/NAME/run.sh} does before analysing: a new workspace with the
   * example's settings, then the import of {@code input} through the example's mapping.
   */
  static Run importExample(Path workspace, String example, Path input) throws Exception {
    return importExample(workspace, example, "mapping.yaml", input);
  }

  /** As {@link #importExample(Path, String, Path)}, through another of the example's mappings. */
  static Run importExample(Path workspace, String example, String mapping, Path input)
      throws Exception {
    Run init = run("init", workspace.toString());
    if (init.exit() != 0) {
      return init;
    }
    Files.copy(
        repo().resolve("examples/" + example + "/rapport.yaml"),
        workspace.resolve("rapport.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return run(
        "import",
        "--workspace",
        workspace.toString(),
        "--no-progress",
        "--mapping",
        repo().resolve("examples/" + example + "/" + mapping).toString(),
        input.toString());
  }

  /** The repository root (tests run in the module folder). */
  static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("examples")) ? here : here.getParent();
  }

  /** Reads a simple CSV written by Rapport (quoted fields without embedded newlines). */
  static List<Map<String, String>> readCsv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String> header = split(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = split(line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < f.size() ? f.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
