package microblog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import microblog.testing.Browser;
import microblog.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database's file system fails under the running server (full, its folder moved away or deleted): pages that
 * write answer 503, pages that need no write keep working, and the app recovers by itself once the disk is back.
 * The database lives on a small tmpfs of its own, which needs root to mount; without it these tests skip, unless
 * {@code -Dfaults.required=true} (as in .ci/run) makes that a failure.
 */
class DatabaseFaultsHttpTest {
    private static final String PASSWORD = "disk trouble ahead";
    private static Path mount;
    private static TestServer server;

    @BeforeAll
    static void mountASmallDisk() throws Exception {
        mount = Files.createTempDirectory("microblog-disk");
        if (!run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString())) {
            String why = "cannot mount a tmpfs (needs root): the disk-fault tests do not run here";
            if (Boolean.getBoolean("faults.required")) {
                fail(why);
            }
            Assumptions.assumeTrue(false, why);
        }
        Files.createDirectories(mount.resolve("data"));
        server = new TestServer().with("microblog.db.timeout.seconds", "1")
                .databaseAt(mount.resolve("data").resolve("microblog.db"));
        server.beforeAll(null);
        server.register("survivor", "survivor@example.com", PASSWORD);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (server != null) {
            server.afterAll(null);
        }
        run("umount", "-l", mount.toString());
        Files.deleteIfExists(mount);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("Temporarily Unavailable"), response.body());
    }

    /** A post fails while the fault lasts, other pages still answer, and after the repair a post goes through. */
    private static void faultAndRecovery(String name, Runnable fault, Runnable repair) {
        Browser browser = server.signedIn("survivor", PASSWORD);
        long posts = server.count("posts");
        fault.run();
        try {
            assertUnavailable(browser.submit("/index", Map.of("post", name + " during the fault")));
            assertUnavailable(server.newBrowser().submit("/register", Map.of("username", name, "email",
                    name + "@example.com", "password", "a new password", "password2", "a new password")));
            assertEquals(200, server.newBrowser().get("/login").statusCode(), "the login page needs no write");
            assertEquals(200, server.newBrowser().get("/static/css/microblog.css").statusCode());
        } finally {
            repair.run();
        }

        HttpResponse<String> after = browser.submit("/index", Map.of("post", name + " after the repair"));
        assertEquals(302, after.statusCode(), after.body());
        assertEquals(posts + 1, server.count("posts"), "only the acknowledged post is there");
    }

    /**
     * SQLite reuses the space its write-ahead log already has, so some writes still succeed on a full disk, and
     * they are real (durable) successes; once it needs more space, pages answer 503. No answer is a 500, and
     * every acknowledged write is there afterwards.
     */
    @Test
    void aFullDiskGives503WithoutLosingAcknowledgedWritesAndTheAppRecovers() throws Exception {
        Browser browser = server.signedIn("survivor", PASSWORD);
        Path filler = mount.resolve("filler");
        java.util.List<String> acknowledged = new java.util.ArrayList<>();
        int unavailable = 0;
        fill(filler, 64 * 1024);
        fill(mount.resolve("filler-bytes"), 1);                    // to the last byte
        try {
            for (int i = 0; i < 40 && unavailable < 3; i++) {
                String body = "full disk post " + i + " " + "x".repeat(100);
                HttpResponse<String> answer = browser.submit("/index", Map.of("post", body));
                if (answer.statusCode() == 302) {
                    acknowledged.add(body);
                } else {
                    assertUnavailable(answer);
                    unavailable++;
                }
            }
            assertEquals(200, server.newBrowser().get("/login").statusCode(), "the login page needs no write");
        } finally {
            Files.delete(filler);
            Files.delete(mount.resolve("filler-bytes"));
        }

        assertTrue(unavailable > 0, "the full disk was never noticed");
        for (String body : acknowledged) {
            long stored = server.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM posts WHERE body = ?")
                    .bind(0, body).mapTo(Long.class).one());
            assertEquals(1, stored, "acknowledged but lost: " + body);
        }
        assertEquals(302, browser.submit("/index", Map.of("post", "after the disk was freed")).statusCode());
    }

    @Test
    void aDeletedDatabaseFolderGives503AndTheAppRecoversWhenItIsRestored() {
        Path data = mount.resolve("data");
        Path backup = mount.resolve("backup");
        faultAndRecovery("deleted", () -> {
            copy(data, backup);
            delete(data);                                       // open connections now hold a deleted file
        }, () -> copy(backup, data));
        delete(backup);
    }

    private static void fill(Path file, int blockSize) {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[blockSize];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException diskFull) {
            // the disk is full now
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (var files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(folder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDatabaseFolderMovedAwayGives503AndTheAppRecoversWhenItIsBack() {
        Path data = mount.resolve("data");
        Path away = mount.resolve("data.away");
        faultAndRecovery("moved", () -> move(data, away), () -> move(away, data));
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
