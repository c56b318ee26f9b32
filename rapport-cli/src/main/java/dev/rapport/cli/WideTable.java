package dev.rapport.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A customer table with a label column, one row per customer, for a churn model: every other column
 * is a feature — numeric when every non-blank value is a number (blanks are missing), otherwise
 * categorical, one-hot encoded (the first level, in sorted order, is the baseline). Text columns
 * with more than {@link #MAX_LEVELS} distinct values (identifiers, free text) are left out, and
 * said to be.
 *
 * @param ids each accepted row's id (the id column, or its line number)
 * @param x features
 * @param y labels
 * @param featureNames one per column of x
 * @param notes what was left out or treated as missing, in words
 * @param read data rows read
 * @param rejects rejected rows: line, field, value, rule
 */
record WideTable(
    List<String> ids,
    double[][] x,
    boolean[] y,
    List<String> featureNames,
    List<String> notes,
    long read,
    List<String[]> rejects) {

  static final int MAX_LEVELS = 50;

  static WideTable read(Path file, String label, String positive, String idColumn) {
    List<String[]> raw = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).ofCsvRecord(in)) {
      Iterator<CsvRecord> it = csv.iterator();
      if (!it.hasNext()) {
        throw new IllegalArgumentException(file + ": is empty; expected a header line");
      }
      CsvRecord h = it.next();
      for (int i = 0; i < h.getFieldCount(); i++) {
        header.add(h.getField(i).strip());
      }
      while (it.hasNext()) {
        CsvRecord r = it.next();
        String[] row = new String[r.getFieldCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = r.getField(i).strip();
        }
        raw.add(row);
        lines.add(r.getStartingLineNumber());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int labelAt = header.indexOf(label);
    if (labelAt < 0) {
      throw new IllegalArgumentException(
          file + ": no label column '" + label + "'; columns: " + header);
    }
    int idAt = idColumn == null ? -1 : header.indexOf(idColumn);
    if (idColumn != null && idAt < 0) {
      throw new IllegalArgumentException(
          file + ": no id column '" + idColumn + "'; columns: " + header);
    }
    // The label's two values: the positive one named, or "1"/"Yes"/"true" when there are two.
    Set<String> labelValues = new TreeSet<>();
    for (String[] row : raw) {
      if (row.length == header.size() && !row[labelAt].isEmpty()) {
        labelValues.add(row[labelAt]);
      }
    }
    String pos = positive != null ? positive : guessPositive(labelValues, file.toString(), label);
    List<String[]> rejects = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    List<Long> rowLines = new ArrayList<>();
    for (int r = 0; r < raw.size(); r++) {
      String[] row = raw.get(r);
      String line = Long.toString(lines.get(r));
      if (row.length != header.size()) {
        rejects.add(
            new String[] {line, "", row.length + " fields", "row must have " + header.size()});
      } else if (row[labelAt].isEmpty()) {
        rejects.add(new String[] {line, label, "", "label must not be blank"});
      } else if (labelValues.size() > 2) {
        throw new IllegalArgumentException(
            file + ": label column '" + label + "' has more than two values: " + labelValues);
      } else {
        rows.add(row);
        rowLines.add(lines.get(r));
      }
    }
    List<String> names = new ArrayList<>(); // numeric columns first, then the one-hot ones
    List<String> oneHot = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Integer> numericCols = new ArrayList<>();
    Map<Integer, List<String>> levels = new LinkedHashMap<>();
    for (int c = 0; c < header.size(); c++) {
      if (c == labelAt || c == idAt) {
        continue;
      }
      boolean numeric = true;
      long blanks = 0;
      Set<String> distinct = new LinkedHashSet<>();
      for (String[] row : rows) {
        String v = row[c];
        if (v.isEmpty()) {
          blanks++;
          continue;
        }
        if (distinct.size() <= MAX_LEVELS) {
          distinct.add(v);
        }
        if (numeric && !isNumber(v)) {
          numeric = false;
        }
      }
      if (numeric) {
        numericCols.add(c);
        names.add(header.get(c));
        if (blanks > 0) {
          notes.add(header.get(c) + ": " + blanks + " blank values taken as missing");
        }
      } else if (distinct.size() > MAX_LEVELS) {
        notes.add(
            header.get(c)
                + ": left out, more than "
                + MAX_LEVELS
                + " distinct text values (an identifier or free text?)");
      } else {
        List<String> l = new ArrayList<>(new TreeSet<>(distinct));
        levels.put(c, l);
        for (int j = 1; j < l.size(); j++) {
          oneHot.add(header.get(c) + "=" + l.get(j));
        }
      }
    }
    names.addAll(oneHot);
    int n = rows.size();
    double[][] x = new double[n][names.size()];
    boolean[] y = new boolean[n];
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] row = rows.get(i);
      y[i] = row[labelAt].equals(pos);
      ids.add(idAt >= 0 ? row[idAt] : "line " + rowLines.get(i));
      int at = 0;
      for (int c : numericCols) {
        String v = row[c];
        x[i][at++] = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
      }
      for (Map.Entry<Integer, List<String>> e : levels.entrySet()) {
        String v = row[e.getKey()];
        List<String> l = e.getValue();
        for (int j = 1; j < l.size(); j++) {
          x[i][at++] = v.equals(l.get(j)) ? 1 : 0;
        }
      }
    }
    return new WideTable(ids, x, y, names, notes, raw.size(), rejects);
  }

  /**
   * The value of a two-valued label that means churned: 1, Yes, true or Y in any usual spelling.
   *
   * @param source the file or attribute set, for the error
   */
  static String guessPositive(Set<String> values, String source, String label) {
    for (String p : List.of("1", "Yes", "yes", "true", "True", "TRUE", "Y", "y")) {
      if (values.size() == 2 && values.contains(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        source
            + ": cannot tell which value of '"
            + label
            + "' means churned among "
            + values
            + "; name it with --positive");
  }

  private static boolean isNumber(String v) {
    try {
      return Double.isFinite(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
