package dev.rapport.core.profile;

import dev.rapport.core.Channel;

/**
 * One channel of a customer's profile.
 *
 * @param touches touches the business made on the channel, whatever their outcome
 * @param engaged touches that got an engaged response in their window (or were imported engaged)
 * @param unengaged touches whose window closed without an engaged response, or imported ignored
 * @param pending touches whose window is still open at the snapshot time
 * @param inbound interactions the customer started on this channel
 * @param responseRate engaged / decided touches, smoothed towards the configured prior so that one
 *     touch does not make a 0% or 100% customer
 */
public record ChannelStats(
    Channel channel,
    int touches,
    int engaged,
    int unengaged,
    int pending,
    int inbound,
    double responseRate) {}
