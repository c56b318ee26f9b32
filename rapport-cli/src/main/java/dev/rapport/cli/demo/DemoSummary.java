package dev.rapport.cli.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@link DemoBusiness#generate} wrote. */
public record DemoSummary(
    int customers, long events, List<Path> files, Map<String, Integer> customersByStyle) {}
