package dev.rapport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.rapport.analytics.lift.Experiment;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A randomised experiment read from a CSV file, one row per unit, through a small spec (YAML):
 *
 * <pre>
 * arm: segment              # the column naming each unit's arm
 * control: No E-Mail        # the arm that was held out
 * response: visit           # 0/1 column
 * conversion: conversion    # 0/1 column
 * revenue: spend            # number >= 0
 * segments: [zip_code, channel]       # compared within each value
 * features: [recency, history]        # numeric, for the uplift model
 * categorical: [zip_code, channel]    # one-hot encoded for the uplift model
 * </pre>
 *
 * Every row is checked; a row that breaks a rule is rejected with its line, field, value and rule,
 * and read = accepted + rejected.
 *
 * @param experiment the accepted units
 * @param features the uplift model's feature matrix (one row per accepted unit) and names
 * @param read data rows read
 * @param rejects the rejected rows: line, field, value, rule
 */
record ExperimentFile(
    Experiment experiment,
    double[][] features,
    List<String> featureNames,
    long read,
    List<String[]> rejects) {

  private static final Set<String> KEYS =
      Set.of(
          "arm",
          "control",
          "response",
          "conversion",
          "revenue",
          "segments",
          "features",
          "categorical");

  static ExperimentFile read(Path spec, Path data) {
    JsonNode s;
    try {
      s = new ObjectMapper(new YAMLFactory()).readTree(spec.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(spec + ": not readable as YAML: " + e.getMessage(), e);
    }
    if (s == null || !s.isObject()) {
      throw new IllegalArgumentException(spec + ": expected a mapping of keys to values");
    }
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(spec + ": unknown key '" + k + "'; known: " + KEYS);
      }
    }
    String arm = required(s, "arm", spec);
    String control = required(s, "control", spec);
    String response = required(s, "response", spec);
    String conversion = required(s, "conversion", spec);
    String revenue = required(s, "revenue", spec);
    List<String> segments = list(s, "segments", spec);
    List<String> numeric = list(s, "features", spec);
    List<String> categorical = list(s, "categorical", spec);
    try (Reader in = Files.newBufferedReader(data, StandardCharsets.UTF_8);
        CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).ofCsvRecord(in)) {
      Iterator<CsvRecord> rows = csv.iterator();
      if (!rows.hasNext()) {
        throw new IllegalArgumentException(data + ": is empty; expected a header line");
      }
      CsvRecord headerRecord = rows.next();
      Map<String, Integer> header = new LinkedHashMap<>();
      for (int i = 0; i < headerRecord.getFieldCount(); i++) {
        header.put(headerRecord.getField(i).strip(), i);
      }
      List<String> needed = new ArrayList<>(List.of(arm, response, conversion, revenue));
      needed.addAll(segments);
      needed.addAll(numeric);
      needed.addAll(categorical);
      for (String c : needed) {
        if (!header.containsKey(c)) {
          throw new IllegalArgumentException(
              data
                  + ": the spec "
                  + spec
                  + " names column '"
                  + c
                  + "', which the header lacks;"
                  + " columns: "
                  + header.keySet());
        }
      }
      List<String> arms = new ArrayList<>();
      List<Boolean> responded = new ArrayList<>();
      List<Boolean> converted = new ArrayList<>();
      List<Double> revenues = new ArrayList<>();
      Map<String, List<String>> segmentValues = new LinkedHashMap<>();
      segments.forEach(c -> segmentValues.put(c, new ArrayList<>()));
      List<double[]> numericRows = new ArrayList<>();
      List<String[]> categoricalRows = new ArrayList<>();
      List<String[]> rejects = new ArrayList<>();
      long read = 0;
      while (rows.hasNext()) {
        CsvRecord r = rows.next();
        read++;
        long line = r.getStartingLineNumber();
        try {
          if (r.getFieldCount() != header.size()) {
            throw new Reject(
                "", r.getFieldCount() + " fields", "row must have " + header.size() + " fields");
          }
          String a = r.getField(header.get(arm)).strip();
          if (a.isEmpty()) {
            throw new Reject(arm, a, "arm must not be blank");
          }
          boolean resp = zeroOne(r, header, response);
          boolean conv = zeroOne(r, header, conversion);
          double rev = number(r, header, revenue);
          if (rev < 0) {
            throw new Reject(revenue, r.getField(header.get(revenue)), "revenue must be >= 0");
          }
          double[] f = new double[numeric.size()];
          for (int k = 0; k < f.length; k++) {
            f[k] = number(r, header, numeric.get(k));
          }
          String[] cat = new String[categorical.size()];
          for (int k = 0; k < cat.length; k++) {
            cat[k] = r.getField(header.get(categorical.get(k))).strip();
          }
          arms.add(a);
          responded.add(resp);
          converted.add(conv);
          revenues.add(rev);
          for (String c : segments) {
            segmentValues.get(c).add(r.getField(header.get(c)).strip());
          }
          numericRows.add(f);
          categoricalRows.add(cat);
        } catch (Reject e) {
          rejects.add(new String[] {Long.toString(line), e.field, e.value, e.rule});
        }
      }
      int n = arms.size();
      boolean[] resp = new boolean[n];
      boolean[] conv = new boolean[n];
      double[] rev = new double[n];
      for (int i = 0; i < n; i++) {
        resp[i] = responded.get(i);
        conv[i] = converted.get(i);
        rev[i] = revenues.get(i);
      }
      Experiment experiment;
      try {
        experiment = new Experiment(arms, control, resp, conv, rev, segmentValues);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(data + " with " + spec + ": " + e.getMessage(), e);
      }
      List<String> names = new ArrayList<>(numeric);
      List<List<String>> levels = new ArrayList<>();
      for (int k = 0; k < categorical.size(); k++) {
        int col = k;
        List<String> l = categoricalRows.stream().map(c -> c[col]).distinct().sorted().toList();
        levels.add(l);
        // One column per level but the first: the first is the baseline.
        for (int j = 1; j < l.size(); j++) {
          names.add(categorical.get(k) + "=" + l.get(j));
        }
      }
      double[][] features = new double[n][names.size()];
      for (int i = 0; i < n; i++) {
        double[] row = features[i];
        double[] num = numericRows.get(i);
        System.arraycopy(num, 0, row, 0, num.length);
        int at = num.length;
        for (int k = 0; k < categorical.size(); k++) {
          int level = levels.get(k).indexOf(categoricalRows.get(i)[k]);
          for (int j = 1; j < levels.get(k).size(); j++) {
            row[at++] = level == j ? 1 : 0;
          }
        }
      }
      return new ExperimentFile(experiment, features, names, read, rejects);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + data, e);
    }
  }

  private static final class Reject extends Exception {
    final String field;
    final String value;
    final String rule;

    Reject(String field, String value, String rule) {
      super(rule, null, false, false);
      this.field = field;
      this.value = value;
      this.rule = rule;
    }
  }

  private static boolean zeroOne(CsvRecord r, Map<String, Integer> header, String column)
      throws Reject {
    String v = r.getField(header.get(column)).strip();
    if (v.equals("1")) {
      return true;
    }
    if (v.equals("0")) {
      return false;
    }
    throw new Reject(column, v, "must be 0 or 1");
  }

  private static double number(CsvRecord r, Map<String, Integer> header, String column)
      throws Reject {
    String v = r.getField(header.get(column)).strip();
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new Reject(column, v, "must be a number");
    }
  }

  private static String required(JsonNode s, String key, Path spec) {
    JsonNode v = s.get(key);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException(spec + ": '" + key + "' is required: a column name");
    }
    return v.asText().strip();
  }

  private static List<String> list(JsonNode s, String key, Path spec) {
    JsonNode v = s.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(spec + ": '" + key + "' must be a list of column names");
    }
    List<String> out = new ArrayList<>();
    v.forEach(x -> out.add(x.asText().strip()));
    return out;
  }
}
