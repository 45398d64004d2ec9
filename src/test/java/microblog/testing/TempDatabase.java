package microblog.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import microblog.db.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real SQLite file in a fresh temp folder, opened through the real migrations, for each test. */
public final class TempDatabase implements BeforeEachCallback, AfterEachCallback {
    private Path folder;
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("microblog-db");
        database = Database.open(file().toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        database.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Path file() {
        return folder.resolve("microblog.db");
    }

    public Database database() {
        return database;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    public <T> T dao(Class<T> type) {
        return database.jdbi().onDemand(type);
    }
}
