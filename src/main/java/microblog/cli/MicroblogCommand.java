package microblog.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import microblog.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code java -jar microblog.war}: the options every command takes, and what the commands share. */
@Command(name = "java -jar microblog.war",
        description = "The operator's commands, on the server's database (also while servers run on it).",
        footer = {"", "Exit status: 0 done, 1 not done (the reason on standard error; nothing changed), "
                + "2 a malformed command line.", "README.md, \"Operate\", has an example session."})
final class MicroblogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Option(names = "--db", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "The SQLite file or a jdbc:postgresql://HOST:PORT/DB URL. Default: the server's "
                    + "setting, else ~/.microblog/microblog.db; the setting is microblog.db (-D before -jar), else "
                    + "MICROBLOG_DB. "
                    + "PostgreSQL's user and password are read as the server reads them: microblog.db.user and "
                    + "microblog.db.password (-D before -jar), else MICROBLOG_DB_USER and MICROBLOG_DB_PASSWORD "
                    + "(the password best there: ps and shell history show a command line).")
    String db;

    final PrintWriter out;
    private final Function<String, String> properties;
    private final Map<String, String> environment;
    private final PasswordInput passwords;

    MicroblogCommand(PrintWriter out, Function<String, String> properties, Map<String, String> environment,
                     PasswordInput passwords) {
        this.out = out;
        this.properties = properties;
        this.environment = environment;
        this.passwords = passwords;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command.");
    }

    Settings settings() {
        return Settings.of(properties, environment);
    }

    DatabaseLocation location() {
        return DatabaseLocation.of(db, settings(), properties, environment);
    }

    /** The services on the existing database the options and settings name. */
    Services open() {
        return Services.open(location(), settings());
    }

    PasswordInput.Entered readPassword() {
        return passwords.read();
    }
}
