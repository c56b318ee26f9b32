package dev.rapport.cli;

import dev.rapport.server.ApiKeys;
import dev.rapport.server.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the API keys of rapport serve. Keys are stored hashed in api-keys.tsv;",
      "a new key is shown once. A running server picks up changes within a second."
    },
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--workspace", required = true, paramLabel = "DIR")
    Path workspace;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "ingest, read or admin; repeat for several")
    List<String> roles;

    @Option(names = "--label", defaultValue = "", description = "who or what the key is for")
    String label;

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(workspace);
      Set<Role> set = EnumSet.noneOf(Role.class);
      roles.forEach(r -> set.add(Role.parse(r)));
      System.out.println(ApiKeys.open(ws.dir()).create(set, label));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List keys (never secrets).")
  static final class ListKeys implements Callable<Integer> {
    @Option(names = "--workspace", required = true, paramLabel = "DIR")
    Path workspace;

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(workspace);
      for (ApiKeys.Key k : ApiKeys.open(ws.dir()).list()) {
        System.out.printf(
            "%s  %-20s %s  %s%n",
            k.id(),
            String.join(",", k.roles().stream().map(Role::id).toList()),
            k.created(),
            k.label());
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id.")
  static final class Revoke implements Callable<Integer> {
    @Option(names = "--workspace", required = true, paramLabel = "DIR")
    Path workspace;

    @Parameters(index = "0", paramLabel = "KEY_ID")
    String id;

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(workspace);
      if (!ApiKeys.open(ws.dir()).revoke(id)) {
        System.err.println("no key has the id '" + id + "'");
        return 1;
      }
      System.out.println("revoked " + id);
      return 0;
    }
  }
}
