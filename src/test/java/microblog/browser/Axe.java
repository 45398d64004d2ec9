package microblog.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core, the accessibility checker, run inside the page the browser shows. It is fetched with npm into
 * {@code target/axe} at test time (the version is the pom's {@code axe.version}) and never committed.
 */
final class Axe {
    static final String INSTALL_HINT = "the accessibility test needs npm (apt-get install npm) and its registry, "
            + "or run once: npm install --no-save --no-audit --no-fund --prefix target/axe axe-core@VERSION";

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(
                results => done(results.violations.map(v => ({
                    id: v.id, impact: v.impact || 'none', help: v.help,
                    targets: v.nodes.map(n => n.target.join(' '))}))),
                error => done('axe failed: ' + error));
            """;

    private static String source;
    private static Error missing;
    private static RuntimeException skipped;

    private Axe() {
    }

    /** One rule broken on a page, with the elements that break it. */
    record Violation(String page, String id, String impact, String help, List<String> targets) {
        boolean blocking() {
            return impact.equals("serious") || impact.equals("critical");
        }

        @Override
        public String toString() {
            return page + ": " + id + " (" + impact + ") " + help + " " + targets;
        }
    }

    /** Every violation axe finds in the page the browser shows now; {@code page} names it in messages. */
    @SuppressWarnings("unchecked")
    static List<Violation> check(JavascriptExecutor browser, String page) {
        browser.executeScript(source());
        Object result = browser.executeAsyncScript(RUN);
        if (!(result instanceof List<?> violations)) {
            throw new AssertionError(page + ": " + result);
        }
        return violations.stream().map(v -> (Map<String, Object>) v)
                .map(v -> new Violation(page, (String) v.get("id"), (String) v.get("impact"), (String) v.get("help"),
                        (List<String>) v.get("targets")))
                .toList();
    }

    /** The script, installed with npm on first use; skips (or fails under browser.required) when it cannot be had. */
    static synchronized String source() {
        // npm is asked once per run: a second test gets the first one's answer.
        if (missing != null) {
            throw missing;
        }
        if (skipped != null) {
            throw skipped;
        }
        if (source == null) {
            try {
                source = load();
            } catch (Error e) {
                missing = e;
                throw e;
            } catch (RuntimeException e) {
                skipped = e;
                throw e;
            }
        }
        return source;
    }

    private static String load() {
        String version = System.getProperty("axe.version");
        if (version == null || version.isBlank()) {
            Chromium.unavailable("axe.version is not set: run the accessibility test through Maven");
        }
        Path prefix = Path.of(System.getProperty("microblog.target", "target"), "axe");
        Path script = prefix.resolve("node_modules/axe-core/axe.min.js");
        Path packageJson = prefix.resolve("node_modules/axe-core/package.json");
        try {
            if (!Files.isRegularFile(script) || !installed(packageJson, version)) {
                install(prefix, version);
            }
            if (!Files.isRegularFile(script)) {
                Chromium.unavailable("npm did not install " + script + "; "
                        + INSTALL_HINT.replace("VERSION", version));
            }
            return Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Chromium.unavailable("could not install axe-core " + version + " (" + e.getMessage() + "); "
                    + INSTALL_HINT.replace("VERSION", version));
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed(Path packageJson, String version) throws IOException {
        return Files.isRegularFile(packageJson)
                && Files.readString(packageJson).contains("\"version\": \"" + version + "\"");
    }

    private static void install(Path prefix, String version) throws IOException {
        Files.createDirectories(prefix);
        Path log = prefix.resolve("npm.log");
        Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund",
                "--prefix", prefix.toString(), "axe-core@" + version)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(3, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                Chromium.unavailable("npm install of axe-core " + version + " took over 3 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (npm.exitValue() != 0) {
            Chromium.unavailable("npm install of axe-core " + version + " failed (exit " + npm.exitValue() + "): "
                    + Files.readString(log).strip() + "\n" + INSTALL_HINT.replace("VERSION", version));
        }
    }
}
