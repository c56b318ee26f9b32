package dev.rapport.core.style;

/**
 * What a customer's behaviour says about their engagement style, as counts over their history
 * (DESIGN §1: transactional, relational, behavioral, emotional, social). Turned into scores against
 * the whole population by the analytics module.
 *
 * @param purchases purchase events
 * @param promptedPurchases purchases within {@link StyleTracker#PROMPT_WINDOW_SECONDS} of an
 *     engaged answer to one of our touches: the customer bought because we asked
 * @param touchesDecided touches that ended engaged or unengaged
 * @param touchesEngaged touches that ended engaged
 * @param phoneTouches calls made to the customer
 * @param phoneEngaged calls the customer answered
 * @param feedback survey answers with a known scale and scored reviews
 * @param strongFeedback of those, answers at the ends of their scale (CSAT 1, 2 or 5; NPS 0-3 or
 *     10; review 1 or 5 stars)
 * @param complaints complaints, and touches that ended in one
 * @param ticketsOpened support tickets the customer opened
 * @param referrals referrals
 * @param reviews reviews
 * @param socialActivity the customer's own interactions on the social channel
 * @param activeMonths months from first to last seen, at least one
 */
public record StyleEvidence(
    int purchases,
    int promptedPurchases,
    int touchesDecided,
    int touchesEngaged,
    int phoneTouches,
    int phoneEngaged,
    int feedback,
    int strongFeedback,
    int complaints,
    int ticketsOpened,
    int referrals,
    int reviews,
    int socialActivity,
    double activeMonths) {}
