package dev.rapport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rapport} command. */
@Command(
    name = "rapport",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Customer engagement engine: every interaction, engaged or ignored, into profiles.",
    subcommands = {
      InitCommand.class,
      ImportCommand.class,
      AnalyzeCommand.class,
      CustomerCommand.class,
      SegmentCommand.class,
      ClvCommand.class,
      LiftCommand.class,
      ChurnCommand.class,
      KpiCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for bad input data or configuration (as opposed to bad usage, which is 2). */
  public static final int DATA_ERROR = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("rapport: " + Errors.describe(ex));
          if (System.getenv("RAPPORT_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
          }
          return DATA_ERROR;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"rapport " + (v == null ? "development build" : v)};
    }
  }
}
