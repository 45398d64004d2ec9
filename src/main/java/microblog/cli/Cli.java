package microblog.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import microblog.db.DatabaseUnavailableException;
import microblog.db.WrongDatabaseException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code java -jar microblog.war COMMAND}: the operator's command line (README.md, "Operate"). The launcher at the
 * WAR's root puts the WAR's classes and libraries on a class loader and calls {@link #run}; this assembles the
 * commands, runs one, and answers its exit status.
 */
public final class Cli {
    /** The commands in the order the help lists them: the contract's. */
    private static final Map<String, List<String>> ORDER = Map.of(
            "users", List.of("create", "list", "set-password", "disable", "enable", "logout"),
            "db", List.of("check", "backup"));

    private Cli() {
    }

    /** Runs the command on the real terminal, streams, system properties and environment; answers the status. */
    public static int run(String[] args) {
        quietLogging();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        PasswordInput passwords = new PasswordInput(PasswordInput.terminal(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        return execute(args, out, err, System.getProperties()::getProperty, System.getenv(), passwords);
    }

    /** Runs one command line with these streams and settings (the tests call this, with no process). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Function<String, String> properties,
                       Map<String, String> environment, PasswordInput passwords) {
        CommandLine commandLine = commandLine(out, err, properties, environment, passwords);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Function<String, String> properties,
                                   Map<String, String> environment, PasswordInput passwords) {
        MicroblogCommand top = new MicroblogCommand(out, properties, environment, passwords);
        CommandLine commandLine = new CommandLine(top)
                .addSubcommand(new UsersCommand(top))
                .addSubcommand(new DbCommand(top));
        commandLine.setUsageHelpWidth(100);      // the settings' dotted names fit unbroken
        commandLine.setOut(out);
        commandLine.setErr(err);
        // A malformed command line: the reason, any "did you mean", and always the usage (exit 2).
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.usage(command.getErr());
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(reason(e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        // The top help lists every command with its arguments, not just "users" and "db".
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> commandList(top.spec));
        return commandLine;
    }

    /** The one line an operator reads: the reason, never a stack trace. */
    static String reason(Exception e) {
        if (e instanceof CommandFailed || e instanceof WrongDatabaseException
                || e instanceof DatabaseUnavailableException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "The command failed and changed nothing: " + message.strip().replaceAll("\\s+", " ");
    }

    private static String commandList(CommandSpec top) {
        List<String[]> rows = new ArrayList<>();
        for (CommandLine group : top.subcommands().values()) {
            for (String name : ORDER.get(group.getCommandName())) {
                CommandSpec spec = group.getSubcommands().get(name).getCommandSpec();
                StringBuilder synopsis = new StringBuilder(group.getCommandName() + " " + spec.name());
                for (PositionalParamSpec parameter : spec.positionalParameters()) {
                    synopsis.append(' ').append(parameter.paramLabel());
                }
                for (OptionSpec option : spec.options()) {
                    if (option.required()) {
                        synopsis.append(' ').append(option.longestName()).append(' ').append(option.paramLabel());
                    }
                }
                rows.add(new String[] {synopsis.toString(), spec.usageMessage().description()[0]});
            }
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        String newline = System.lineSeparator();
        StringBuilder list = new StringBuilder();
        for (String[] row : rows) {
            String description = row[1].replaceFirst("(?<=[.])\\s.*", "");     // the first sentence
            list.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2)).append(description)
                    .append(newline);
        }
        return list.toString();
    }

    /**
     * Libraries log to java.util.logging (HikariCP's pool starting, and so on); a command shows only warnings, on
     * one line each, unless a logging configuration is given.
     */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.WARNING);
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%n");
        handler.setFormatter(new SimpleFormatter());
        root.addHandler(handler);
    }
}
