package dev.rapport.flink;

import dev.rapport.core.config.RapportConfig;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * How an operator gets the configuration: a serializable recipe run when the operator opens, since
 * {@link RapportConfig} itself is not serializable.
 */
@FunctionalInterface
public interface ConfigSource extends Supplier<RapportConfig>, Serializable {}
