package dev.rapport.analytics.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The terms of a text for theme-finding: lower-cased words (letters, digits, inner apostrophes)
 * that are not function words ({@code stopwords_en.txt}), and the two-word phrases of adjacent such
 * words. Each term counts once per text, so one long rant does not make a theme.
 */
final class Terms {
  private static final Set<String> STOPWORDS = stopwords();

  private Terms() {}

  static Set<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return out;
    }
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      boolean inner =
          (c == '\'' || c == '\u2019')
              && cur.length() > 0
              && i + 1 < lower.length()
              && Character.isLetter(lower.charAt(i + 1));
      if (Character.isLetterOrDigit(c) || inner) {
        cur.append(c == '\u2019' ? '\'' : c);
      } else if (cur.length() > 0) {
        words.add(cur.toString());
        cur.setLength(0);
      }
    }
    String previous = null;
    for (String w : words) {
      if (w.length() < 2 || STOPWORDS.contains(w) || w.startsWith("http") || isNumber(w)) {
        previous = null; // a function word breaks a phrase
        continue;
      }
      out.add(w);
      if (previous != null) {
        out.add(previous + " " + w);
      }
      previous = w;
    }
    return out;
  }

  private static boolean isNumber(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!Character.isDigit(w.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> stopwords() {
    Set<String> s = new HashSet<>();
    try (InputStream in = Terms.class.getResourceAsStream("stopwords_en.txt")) {
      if (in == null) {
        throw new IllegalStateException("stopwords_en.txt is not on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String w = line.strip();
        if (!w.isEmpty() && !w.startsWith("#")) {
          s.add(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stopwords", e);
    }
    return Set.copyOf(s);
  }
}
