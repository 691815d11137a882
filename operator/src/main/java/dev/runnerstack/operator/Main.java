package dev.runnerstack.operator;

import dev.runnerstack.operator.cli.RenderCommand;
import dev.runnerstack.operator.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jar: {@code run} starts the operator, {@code render} prints a stack's objects offline. */
@Command(name = "runnerstack-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs hardened Forgejo Actions runner stacks on Kubernetes.",
    subcommands = {RunCommand.class, RenderCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Reads the version from the jar manifest, which Maven fills in. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"runnerstack-operator " + (version == null ? "(development build)" : version)};
    }
  }
}
