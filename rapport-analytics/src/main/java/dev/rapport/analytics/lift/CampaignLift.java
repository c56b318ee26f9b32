package dev.rapport.analytics.lift;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One campaign: its activity (what a campaign dashboard shows) beside its effect against its
 * holdout group (what the activity bought). A campaign without a holdout group has activity only,
 * and its verdict is {@link Verdict#UNMEASURED}: activity is not effectiveness, so Rapport never
 * reports an attributed response rate as a success.
 *
 * @param campaign the campaign's name
 * @param touches touches sent
 * @param heldOutTouches control-group assignments recorded
 * @param customers distinct customers touched or held out
 * @param attributedResponses responses carrying the campaign's name
 * @param first first touch
 * @param last last touch
 * @param treatedUnits customers in the treated arm (sent, window complete)
 * @param controlUnits customers in the holdout arm (window complete)
 * @param contaminated customers both held out and sent, left out of both arms
 * @param incomplete customers whose measurement window runs past the data, left out
 * @param arms holdout first, then treated; empty when unmeasured
 * @param bySegment segmentation → value → arms compared within it
 * @param verdict what the comparison shows
 */
public record CampaignLift(
    String campaign,
    long touches,
    long heldOutTouches,
    long customers,
    long attributedResponses,
    Instant first,
    Instant last,
    long treatedUnits,
    long controlUnits,
    long contaminated,
    long incomplete,
    List<Experiment.Arm> arms,
    Map<String, Map<String, List<Experiment.Arm>>> bySegment,
    Verdict verdict) {

  /** The arm names of a campaign measurement. */
  public static final String CONTROL = "holdout";

  public static final String TREATED = "treated";

  public enum Verdict {
    /** No holdout group: nothing can be said about the effect. */
    UNMEASURED("unmeasured: no holdout group"),
    /** A holdout exists but an arm has fewer than two customers with a complete window. */
    TOO_SMALL("unmeasured: too few customers in an arm"),
    /** Some lift's 95% interval lies above zero and none below. */
    LIFT("lift: at least one outcome significantly up, none down"),
    /** Some lift's 95% interval lies below zero. */
    HARM("harm: at least one outcome significantly down"),
    /** Every interval contains zero. */
    NO_EFFECT("no significant effect");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String text() {
      return text;
    }
  }

  /** The treated arm's comparison; null when unmeasured. */
  public Experiment.Arm treated() {
    return arms.size() < 2 ? null : arms.get(1);
  }

  public double attributedResponseRate() {
    return touches == 0 ? Double.NaN : (double) attributedResponses / touches;
  }

  /**
   * The verdict of a treated arm's three lifts (response, conversion, revenue by Welch t). A
   * campaign is judged on the three outcomes together, each at 5%; with many campaigns some will
   * pass by chance, which the docs say.
   */
  public static Verdict verdictOf(Experiment.Arm treated) {
    List<Lift> lifts =
        List.of(treated.responseLift(), treated.conversionLift(), treated.revenueLift());
    boolean down = lifts.stream().anyMatch(l -> l.high() < 0);
    boolean up = lifts.stream().anyMatch(l -> l.low() > 0);
    return down ? Verdict.HARM : up ? Verdict.LIFT : Verdict.NO_EFFECT;
  }
}
