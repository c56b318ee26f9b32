package dev.rapport.cli.demo;

import java.util.Locale;

/**
 * The five engagement styles of DESIGN §1, as the hidden truth of a synthetic customer. Each knob
 * is a rate the generator draws behaviour from.
 *
 * @param share of the customer base
 * @param response chance of answering an ordinary touch
 * @param purchasesPerMonth organic purchase rate
 * @param churn chance of churning before the end of the period
 */
enum Style {
  TRANSACTIONAL(0.30, 0.04, 1.1, 0.35),
  RELATIONAL(0.20, 0.30, 0.8, 0.10),
  BEHAVIORAL(0.20, 0.18, 0.5, 0.25),
  EMOTIONAL(0.15, 0.15, 0.5, 0.30),
  SOCIAL(0.15, 0.20, 0.5, 0.15);

  final double share;
  final double response;
  final double purchasesPerMonth;
  final double churn;

  Style(double share, double response, double purchasesPerMonth, double churn) {
    this.share = share;
    this.response = response;
    this.purchasesPerMonth = purchasesPerMonth;
    this.churn = churn;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Style draw(double u) {
    double acc = 0;
    for (Style s : values()) {
      acc += s.share;
      if (u < acc) {
        return s;
      }
    }
    return SOCIAL;
  }
}
