package dev.rapport.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Create a workspace: rapport.yaml with every default written out, rejects/, out/.")
final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "workspace folder (created if absent)")
  Path dir;

  @Option(names = "--force", description = "overwrite an existing rapport.yaml with the defaults")
  boolean force;

  @Override
  public Integer call() {
    Workspace.init(dir, force);
    System.out.println("workspace ready: " + dir.toAbsolutePath().normalize());
    System.out.println("settings: " + dir.resolve("rapport.yaml") + " (every default written out)");
    return 0;
  }
}
