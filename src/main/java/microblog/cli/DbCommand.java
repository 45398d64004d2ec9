package microblog.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import microblog.Settings;
import microblog.db.DatabaseUnavailableException;
import microblog.db.Maintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code db ...}: the database itself, also while servers use it. */
@Command(name = "db", description = "Check or back up the database.")
final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final MicroblogCommand top;

    DbCommand(MicroblogCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: check or backup.");
    }

    @Command(name = "check", description = "Check the database. On SQLite its integrity and schema version, on "
            + "PostgreSQL its schema version and tables; exit status 1 when it is not sound.")
    int check() {
        DatabaseLocation where = top.location().requireExisting();
        Settings settings = top.settings();
        Maintenance.Health health;
        try {
            health = Maintenance.check(where.location(), settings.databaseUser(), settings.databasePassword());
        } catch (DatabaseUnavailableException e) {
            throw where.unreachable(e, settings);
        }
        if (!health.sound()) {
            throw new CommandFailed(where.shown() + " is not sound: " + String.join("; ", health.problems()) + ".");
        }
        boolean current = health.schemaVersion() == health.latestVersion();
        String version = "schema version " + health.schemaVersion() + (current ? " (this microblog's)"
                : " (older than this microblog's " + health.latestVersion() + ": its server upgrades it at start)");
        if (health.integrityChecked()) {
            top.out.println(where.shown() + ": integrity ok, " + version + ".");
        } else {
            top.out.println(where.shown() + ": " + version + (current ? ", every table there" : "")
                    + "; on PostgreSQL db check reads the schema only, not the data's integrity.");
        }
        return 0;
    }

    @Command(name = "backup", description = "Back up the live database. A copy consistent as of one moment goes "
            + "into FILE, which must not exist; it is readable by its owner only and checked before it gets its "
            + "name. SQLite only: PostgreSQL has pg_dump.")
    int backup(@Parameters(paramLabel = "FILE", description = "Where the copy goes; a new file in an existing "
            + "folder.") Path file) {
        DatabaseLocation location = top.location();
        Path target = file.toAbsolutePath();
        if (location.postgresql()) {
            throw new CommandFailed("db backup copies SQLite files; for PostgreSQL use pg_dump: "
                    + pgDump(location, top.settings().databaseUser(), target) + " (the password from PGPASSWORD "
                    + "or ~/.pgpass; README.md, \"Operate\", shows pg_restore).");
        }
        DatabaseLocation where = location.requireExisting();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailed(target + " already exists: db backup never overwrites a file.");
        }
        Path parent = target.getParent();         // null only for /, which exists
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandFailed("No folder " + parent + " to write the backup in.");
        }
        long size = Maintenance.backup(where.location(), target);
        top.out.println("Backed up " + where.file() + " to " + target + " (" + size + " bytes); the copy "
                + "passed db check.");
        return 0;
    }

    /**
     * The pg_dump command line for this database: a {@code jdbc:postgresql://HOST:PORT/DB} URL without its query
     * string is libpq's {@code postgresql://HOST:PORT/DB}, and {@code jdbc:postgresql:DB} names a local database.
     */
    private static String pgDump(DatabaseLocation location, String user, Path target) {
        String url = location.shown();
        String rest = url.substring("jdbc:postgresql:".length());
        String database = rest.startsWith("//") ? "postgresql:" + rest : rest;
        return "pg_dump --format=custom --dbname=" + shellWord(database)
                + (user == null ? "" : " --username=" + shellWord(user)) + " --file=" + shellWord(target.toString());
    }

    /** A word the shell takes as it is: quoted when it holds anything but the harmless characters. */
    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
