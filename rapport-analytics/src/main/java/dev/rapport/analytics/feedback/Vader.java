package dev.rapport.analytics.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sentiment of English free text by VADER: Hutto, C.J. & Gilbert, E.E. (2014), "VADER: A
 * Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM-14. A lexicon
 * of 7,517 tokens rated from -4 to 4 (shipped as data: {@code vader_lexicon.tsv}, see its NOTICE),
 * and the paper's five heuristics: punctuation emphasis (!), capitals for emphasis, degree
 * modifiers (intensifiers "very", dampeners "kind of"), the contrastive "but", and negation in the
 * three words before a rated word ("not good", "isn't really good").
 *
 * <p>A line-for-line port of vaderSentiment-js 1.1.3 (the package the lexicon comes from), so that
 * the scores equal the reference implementation's, which {@code VaderTest} checks on the original
 * demo sentences. The constants are the paper's empirically derived ones.
 */
public final class Vader {
  /** Intensity added by a booster word ("very"), subtracted by a dampener ("slightly"). */
  static final double B_INCR = 0.293;

  static final double B_DECR = -0.293;

  /** Intensity added by writing a rated word in capitals while the rest is not. */
  static final double C_INCR = 0.733;

  /** A negated word's valence is multiplied by this. */
  static final double N_SCALAR = -0.74;

  /** The normalisation constant of the compound score, x / sqrt(x² + alpha). */
  static final double ALPHA = 15;

  private static final Pattern PUNCTUATION =
      Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
  private static final Pattern UPPER = Pattern.compile("^[^a-z]*[A-Z]+[^a-z]*$");
  private static final Pattern WHITESPACE = Pattern.compile("\\s");

  private static final List<String> PUNC_LIST =
      List.of(
          ".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!",
          "?!?!", "!?!?");

  private static final Set<String> NEGATE =
      Set.of(
          "aint",
          "arent",
          "cannot",
          "cant",
          "couldnt",
          "darent",
          "didnt",
          "doesnt",
          "ain't",
          "aren't",
          "can't",
          "couldn't",
          "daren't",
          "didn't",
          "doesn't",
          "dont",
          "hadnt",
          "hasnt",
          "havent",
          "isnt",
          "mightnt",
          "mustnt",
          "neither",
          "don't",
          "hadn't",
          "hasn't",
          "haven't",
          "isn't",
          "mightn't",
          "mustn't",
          "neednt",
          "needn't",
          "never",
          "none",
          "nope",
          "nor",
          "not",
          "nothing",
          "nowhere",
          "oughtnt",
          "shant",
          "shouldnt",
          "uhuh",
          "wasnt",
          "werent",
          "oughtn't",
          "shan't",
          "shouldn't",
          "uh-uh",
          "wasn't",
          "weren't",
          "without",
          "wont",
          "wouldnt",
          "won't",
          "wouldn't",
          "rarely",
          "seldom",
          "despite");

  private static final Map<String, Double> BOOSTERS = boosters();

  private static final Map<String, Double> IDIOMS =
      Map.of(
          "the shit", 3.0,
          "the bomb", 3.0,
          "bad ass", 1.5,
          "yeah right", -2.0,
          "cut the mustard", 2.0,
          "kiss of death", -1.5,
          "hand to mouth", -2.0);

  private static final Map<String, Double> LEXICON = lexicon();

  private Vader() {}

  /**
   * The scores of one text.
   *
   * @param compound the normalised sum of valences, from -1 (most negative) to 1 (most positive);
   *     the paper's thresholds read it as positive at 0.05 or more, negative at -0.05 or less
   * @param pos share of the text's sentiment that is positive (with neg and neu summing to 1)
   */
  public record Scores(double neg, double neu, double pos, double compound) {}

  public static Scores score(String text) {
    if (text == null) {
      return new Scores(0, 0, 0, 0);
    }
    List<String> words = wordsAndEmoticons(text);
    boolean capDiff = allCapDifferential(words);
    List<Double> sentiments = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String item = words.get(i);
      String lower = item.toLowerCase(Locale.ROOT);
      if ((i < words.size() - 1
              && lower.equals("kind")
              && words.get(i + 1).toLowerCase(Locale.ROOT).equals("of"))
          || BOOSTERS.containsKey(lower)) {
        sentiments.add(0.0);
        continue;
      }
      sentiments.add(valence(words, i, capDiff));
    }
    butCheck(words, sentiments);
    return scoreValence(sentiments, text);
  }

  private static double valence(List<String> words, int index, boolean capDiff) {
    String item = words.get(index);
    Double rated = LEXICON.get(item.toLowerCase(Locale.ROOT));
    if (rated == null) {
      return 0;
    }
    double valence = rated;
    if (isUpper(item) && capDiff) {
      valence += valence > 0 ? C_INCR : -C_INCR;
    }
    for (int start = 0; start < 3; start++) {
      if (index > start
          && !LEXICON.containsKey(words.get(index - (start + 1)).toLowerCase(Locale.ROOT))) {
        // A modifier further from the word counts less.
        double s = scalarIncDec(words.get(index - (start + 1)), valence, capDiff);
        if (start == 1 && s != 0) {
          s *= 0.95;
        } else if (start == 2 && s != 0) {
          s *= 0.9;
        }
        valence += s;
        valence = neverCheck(valence, words, start, index);
        if (start == 2) {
          valence = idiomsCheck(valence, words, index);
        }
      }
    }
    return leastCheck(valence, words, index);
  }

  private static double scalarIncDec(String word, double valence, boolean capDiff) {
    Double b = BOOSTERS.get(word.toLowerCase(Locale.ROOT));
    if (b == null) {
      return 0;
    }
    double scalar = valence < 0 ? -b : b;
    if (capDiff && isUpper(word)) {
      scalar += valence > 0 ? C_INCR : -C_INCR;
    }
    return scalar;
  }

  private static boolean negated(String word) {
    return NEGATE.contains(word) || word.contains("n't");
  }

  private static double neverCheck(double valence, List<String> w, int start, int index) {
    if (start == 0) {
      if (negated(w.get(index - 1))) {
        valence *= N_SCALAR;
      }
    } else if (start == 1) {
      if (w.get(index - 2).equals("never") && soOrThis(w.get(index - 1))) {
        valence *= 1.5;
      } else if (negated(w.get(index - 2))) {
        valence *= N_SCALAR;
      }
    } else {
      if ((w.get(index - 3).equals("never") && soOrThis(w.get(index - 2)))
          || soOrThis(w.get(index - 1))) {
        valence *= 1.25;
      } else if (negated(w.get(index - 3))) {
        valence *= N_SCALAR;
      }
    }
    return valence;
  }

  private static boolean soOrThis(String word) {
    return word.equals("so") || word.equals("this");
  }

  private static double idiomsCheck(double valence, List<String> w, int index) {
    String oneZero = w.get(index - 1) + " " + w.get(index);
    String twoOneZero = w.get(index - 2) + " " + w.get(index - 1) + " " + w.get(index);
    String twoOne = w.get(index - 2) + " " + w.get(index - 1);
    String threeTwoOne = w.get(index - 3) + " " + w.get(index - 2) + " " + w.get(index - 1);
    String threeTwo = w.get(index - 3) + " " + w.get(index - 2);
    for (String seq : List.of(oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo)) {
      Double idiom = IDIOMS.get(seq);
      if (idiom != null) {
        valence = idiom;
        break;
      }
    }
    if (w.size() - 1 > index) {
      Double idiom = IDIOMS.get(w.get(index) + " " + w.get(index + 1));
      if (idiom != null) {
        valence = idiom;
      }
    }
    if (w.size() - 1 > index + 1) {
      Double idiom = IDIOMS.get(w.get(index) + " " + w.get(index + 1) + " " + w.get(index + 2));
      if (idiom != null) {
        valence = idiom;
      }
    }
    if (BOOSTERS.containsKey(threeTwo) || BOOSTERS.containsKey(twoOne)) {
      valence += B_DECR;
    }
    return valence;
  }

  private static double leastCheck(double valence, List<String> w, int index) {
    if (index > 1
        && w.get(index - 1).toLowerCase(Locale.ROOT).equals("least")
        && !LEXICON.containsKey("least")) {
      String before = w.get(index - 2).toLowerCase(Locale.ROOT);
      if (!before.equals("at") && !before.equals("very")) {
        valence *= N_SCALAR;
      }
    } else if (index > 0
        && w.get(index - 1).toLowerCase(Locale.ROOT).equals("least")
        && !LEXICON.containsKey("least")) {
      valence *= N_SCALAR;
    }
    return valence;
  }

  /** Sentiment before "but" counts half, after it one and a half times. */
  private static void butCheck(List<String> words, List<Double> sentiments) {
    int but = words.indexOf("but");
    if (but == -1) {
      but = words.indexOf("BUT");
    }
    if (but == -1) {
      return;
    }
    for (int i = 0; i < sentiments.size(); i++) {
      if (i < but) {
        sentiments.set(i, sentiments.get(i) * 0.5);
      } else if (i > but) {
        sentiments.set(i, sentiments.get(i) * 1.5);
      }
    }
  }

  private static Scores scoreValence(List<Double> sentiments, String text) {
    if (sentiments.isEmpty()) {
      return new Scores(0, 0, 0, 0);
    }
    double sum = 0;
    for (double s : sentiments) {
      sum += s;
    }
    double emphasis = exclamationEmphasis(text) + questionEmphasis(text);
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    double compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + ALPHA)));
    double posSum = 0;
    double negSum = 0;
    int neutral = 0;
    for (double s : sentiments) {
      if (s > 0) {
        posSum += s + 1; // compensates for neutral words, counted as 1
      } else if (s < 0) {
        negSum += s - 1;
      } else {
        neutral++;
      }
    }
    if (posSum > Math.abs(negSum)) {
      posSum += emphasis;
    } else if (posSum < Math.abs(negSum)) {
      negSum -= emphasis;
    }
    double total = posSum + Math.abs(negSum) + neutral;
    return new Scores(
        round(Math.abs(negSum / total), 3),
        round(Math.abs(neutral / total), 3),
        round(Math.abs(posSum / total), 3),
        round(compound, 4));
  }

  /** Up to four exclamation marks, 0.292 each. */
  private static double exclamationEmphasis(String text) {
    long n = text.chars().filter(c -> c == '!').count();
    return Math.min(n, 4) * 0.292;
  }

  /** Two or three question marks, 0.18 each; more, 0.96. */
  private static double questionEmphasis(String text) {
    long n = text.chars().filter(c -> c == '?').count();
    if (n <= 1) {
      return 0;
    }
    return n <= 3 ? n * 0.18 : 0.96;
  }

  /** As JavaScript's toFixed: the double's exact decimal value, rounded half up. */
  private static double round(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * Splits on whitespace, drops one-character tokens, and strips one leading or trailing
   * punctuation mark from words (keeping emoticons such as ":)" and contractions).
   */
  static List<String> wordsAndEmoticons(String text) {
    Map<String, String> stripped = new HashMap<>();
    for (String w : WHITESPACE.split(PUNCTUATION.matcher(text).replaceAll(""), -1)) {
      if (w.length() > 1) {
        for (String p : PUNC_LIST) {
          stripped.put(p + w, w);
          stripped.put(w + p, w);
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String token : WHITESPACE.split(text, -1)) {
      if (token.length() > 1) {
        out.add(stripped.getOrDefault(token, token));
      }
    }
    return out;
  }

  private static boolean allCapDifferential(List<String> words) {
    int caps = 0;
    for (String w : words) {
      if (isUpper(w)) {
        caps++;
      }
    }
    int diff = words.size() - caps;
    return diff > 0 && diff < words.size();
  }

  private static boolean isUpper(String word) {
    return !word.isEmpty() && UPPER.matcher(word).matches();
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> m = new HashMap<>();
    for (String w :
        List.of(
            "absolutely",
            "amazingly",
            "awfully",
            "completely",
            "considerably",
            "decidedly",
            "deeply",
            "effing",
            "enormously",
            "entirely",
            "especially",
            "exceptionally",
            "extremely",
            "fabulously",
            "flipping",
            "flippin",
            "fricking",
            "frickin",
            "frigging",
            "friggin",
            "fully",
            "fucking",
            "greatly",
            "hella",
            "highly",
            "hugely",
            "incredibly",
            "intensely",
            "majorly",
            "more",
            "most",
            "particularly",
            "purely",
            "quite",
            "really",
            "remarkably",
            "so",
            "substantially",
            "thoroughly",
            "totally",
            "tremendously",
            "uber",
            "unbelievably",
            "unusually",
            "utterly",
            "very")) {
      m.put(w, B_INCR);
    }
    for (String w :
        List.of(
            "almost",
            "barely",
            "hardly",
            "just enough",
            "kind of",
            "kinda",
            "kindof",
            "kind-of",
            "less",
            "little",
            "marginally",
            "occasionally",
            "partly",
            "scarcely",
            "slightly",
            "somewhat",
            "sort of",
            "sorta",
            "sortof",
            "sort-of")) {
      m.put(w, B_DECR);
    }
    return Map.copyOf(m);
  }

  private static Map<String, Double> lexicon() {
    Map<String, Double> m = new HashMap<>(10_000);
    try (InputStream in = Vader.class.getResourceAsStream("vader_lexicon.tsv")) {
      if (in == null) {
        throw new IllegalStateException("vader_lexicon.tsv is not on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          m.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1).strip()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the VADER lexicon", e);
    }
    return Map.copyOf(m);
  }
}
