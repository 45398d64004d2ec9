package microblog.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import microblog.db.Maintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code db ...}: the database file itself, also while servers use it. */
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

    @Command(name = "check", description = "Check the database. Its integrity and schema version; exit status "
            + "1 when it is not sound.")
    int check() {
        DatabaseLocation where = top.location().requireFile();
        Maintenance.Health health = Maintenance.check(where.location());
        if (!health.sound()) {
            throw new CommandFailed(where.file() + " is not sound: " + String.join("; ", health.problems()) + ".");
        }
        String version = health.schemaVersion() == health.latestVersion() ? " (this microblog's)"
                : " (older than this microblog's " + health.latestVersion() + ": its server upgrades it at start)";
        top.out.println(where.file() + ": integrity ok, schema version " + health.schemaVersion() + version + ".");
        return 0;
    }

    @Command(name = "backup", description = "Back up the live database. A copy consistent as of one moment goes "
            + "into FILE, which must not exist; it is readable by its owner only and checked before it gets its "
            + "name.")
    int backup(@Parameters(paramLabel = "FILE", description = "Where the copy goes; a new file in an existing "
            + "folder.") Path file) {
        DatabaseLocation where = top.location().requireFile();
        Path target = file.toAbsolutePath();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailed(target + " already exists: db backup never overwrites a file.");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new CommandFailed("No folder " + target.getParent() + " to write the backup in.");
        }
        long size = Maintenance.backup(where.location(), target);
        top.out.println("Backed up " + where.file() + " to " + target + " (" + size + " bytes); the copy "
                + "passed db check.");
        return 0;
    }
}
