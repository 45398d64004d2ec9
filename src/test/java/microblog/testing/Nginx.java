package microblog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's nginx as a round-robin balancer on loopback in front of a test class's nodes, configured from the shipped
 * {@code deploy/nginx/microblog.conf}: its own process in the foreground, with its configuration, logs and temp files
 * in a temp folder, stopped after the class (or, failing that, when the JVM exits or is killed). Register it on a
 * static field and call {@link #start} once the nodes run. Where nginx is not installed, the class's tests skip,
 * saying how to install it; under {@code -Dnginx.required=true} (as in .ci/run) the class fails instead.
 */
public final class Nginx implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
    static final String INSTALL_HINT = "install it with: apt-get install nginx";
    /** The response header the test configuration adds: the node (or nodes, comma-separated) nginx tried. */
    public static final String UPSTREAM_HEADER = "X-Upstream";
    /** The address nginx connects to the nodes from, so that the nodes can tell it from the client (127.0.0.1). */
    public static final String OWN_ADDRESS = "127.0.0.2";
    private static final Path SHIPPED = Path.of("deploy/nginx/microblog.conf");
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z0-9_]+@");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * For a JVM killed with SIGKILL, which runs no shutdown hook: in its own session, waits for the end of its
     * standard input (the JVM's end of the pipe closes however the JVM ends), then stops nginx and removes the
     * folder. After an orderly stop it is killed with nothing left to do.
     */
    private static final String WATCHDOG = """
            folder=$1 pid=$2
            while read -r _; do :; done
            if kill -QUIT "$pid" 2>/dev/null; then
                sleep 5
                pkill -KILL -P "$pid" 2>/dev/null
                kill -KILL "$pid" 2>/dev/null
            fi
            rm -rf "$folder"
            """;
    /**
     * Around the shipped server block: everything nginx would otherwise write under /var (pid, logs, temp files)
     * goes to the folder, one worker keeps one rotation (the shipped zone would share it between several), and
     * two test-only additions: which node answered, in a header and in the access log, and {@link #OWN_ADDRESS}.
     */
    private static final String MAIN = """
            # microblog's test balancer (testing/Nginx.java); the server block is deploy/nginx/microblog.conf.
            # No user directive: nginx started as root runs its worker as nobody, and the folder is open to it.
            worker_processes 1;
            pid %1$s/nginx.pid;
            error_log %1$s/logs/error.log notice;
            events {
                worker_connections 256;
            }
            http {
                client_body_temp_path %1$s/temp/body;
                proxy_temp_path %1$s/temp/proxy;
                fastcgi_temp_path %1$s/temp/fastcgi;
                uwsgi_temp_path %1$s/temp/uwsgi;
                scgi_temp_path %1$s/temp/scgi;
                log_format upstream '$request_method $request_uri $status upstream=$upstream_addr ($upstream_status)';
                access_log %1$s/logs/access.log upstream;
                # Test only: the nodes nginx tried for this request, the last one answered.
                add_header %2$s $upstream_addr always;
                # Test only: the nodes see nginx as %3$s and the client as X-Forwarded-For's 127.0.0.1.
                proxy_bind %3$s;
                include %1$s/microblog.conf;
            }
            """;

    private String missing;
    private Path folder;
    private Process master;
    private Process watchdog;
    private final List<String> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "nginx-stop");
    /** Chosen up front, so that the nodes can be told the balancer's address before it starts. */
    private int port = Loopback.freePort();

    @Override
    public void beforeAll(ExtensionContext context) {
        Path program = program();
        if (Files.isExecutable(program)) {
            return;
        }
        missing = "the cluster tests need Debian's nginx, but there is no " + program + "; " + INSTALL_HINT;
        if (Boolean.getBoolean("nginx.required")) {
            Assertions.fail(missing + " (nginx.required=true)");
        }
        // Skipped test by test, so that the console's counts show them as skipped.
        System.err.println("\n*** SKIPPED: " + missing + " ***\n");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (missing != null) {
            Assumptions.assumeTrue(false, missing);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Whether nginx can run here: a class's {@code @BeforeAll} starts no nodes when it cannot. */
    public boolean installed() {
        return missing == null;
    }

    /** Starts nginx in front of these nodes (their base URIs, in the shipped file's order); its base URI. */
    public URI start(List<URI> nodeUris) {
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        long started = System.nanoTime();
        nodeUris.forEach(uri -> nodes.add(uri.getHost() + ":" + uri.getPort()));
        try {
            folder = Files.createTempDirectory("microblog-nginx");
            // Readable and enterable for the worker (nobody under root), which writes buffered bodies to temp/.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(folder.resolve("logs"));
            Files.createDirectories(folder.resolve("temp"));
            Files.writeString(folder.resolve("nginx.conf"), MAIN.formatted(folder, UPSTREAM_HEADER, OWN_ADDRESS));
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1) {
                    port = Loopback.freePort();                 // start() returns the new address
                }
                Files.writeString(folder.resolve("microblog.conf"), serverBlock("127.0.0.1:" + port));
                if (masterReady()) {
                    break;
                }
                // A port taken by someone else between freePort() and nginx's bind: try another one.
                if (attempt == 3 || !errorLog().contains("Address already in use")) {
                    throw new IllegalStateException("nginx did not start:\n" + errorLog() + output());
                }
            }
            watchdog = new ProcessBuilder("setsid", "sh", "-c", WATCHDOG, "watchdog", folder.toString(),
                    String.valueOf(master.pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting nginx", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        System.err.printf("nginx up on 127.0.0.1:%d in front of %s in %d ms%n", port, nodes,
                (System.nanoTime() - started) / 1_000_000);
        return uri();
    }

    /**
     * Where the visitors go: nginx's own address, known before {@link #start} (for the nodes' microblog.base.url);
     * only when another process took its port meanwhile does {@code start} return another one.
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The index (in {@link #start}'s list) of the node that answered this response. */
    public int node(HttpResponse<?> response) {
        List<String> tried = tried(response);
        return index(tried.get(tried.size() - 1), response);
    }

    /** The indexes of the nodes nginx sent this request to, in order: more than one when it failed over. */
    public List<Integer> nodesTried(HttpResponse<?> response) {
        return tried(response).stream().map(address -> index(address, response)).toList();
    }

    /** Everything nginx logged about each request: method, URI, status and the nodes tried with their status. */
    public String accessLog() {
        return read(folder.resolve("logs/access.log"));
    }

    public String errorLog() {
        return read(folder.resolve("logs/error.log"));
    }

    private List<String> tried(HttpResponse<?> response) {
        String header = response.headers().firstValue(UPSTREAM_HEADER).orElseThrow(() -> new AssertionError(
                "no " + UPSTREAM_HEADER + " header: the response did not come through nginx"));
        return Arrays.stream(header.split("[,:]\\s+|,")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private int index(String address, HttpResponse<?> response) {
        int index = nodes.indexOf(address);
        if (index < 0) {
            throw new AssertionError("nginx answered from " + address + ", not one of " + nodes + ": "
                    + response.headers().firstValue(UPSTREAM_HEADER).orElse(""));
        }
        return index;
    }

    /** The shipped file with every placeholder filled: what an operator would put in /etc/nginx/conf.d/. */
    private String serverBlock(String listen) throws IOException {
        String text = Files.readString(SHIPPED, StandardCharsets.UTF_8).replace("@LISTEN@", listen);
        for (int i = 0; i < nodes.size(); i++) {
            String placeholder = "@NODE" + (i + 1) + "@";
            if (!text.contains(placeholder)) {
                throw new IllegalArgumentException(SHIPPED + " has no " + placeholder + " for node " + nodes.get(i));
            }
            text = text.replace(placeholder, nodes.get(i));
        }
        Matcher left = PLACEHOLDER.matcher(text);
        if (left.find()) {
            throw new IllegalArgumentException(SHIPPED + ": " + left.group() + " left unfilled for " + nodes);
        }
        return text;
    }

    /**
     * Starts the master as this JVM's child, in the foreground, so that its end is seen at once; waits for the pid
     * file, which nginx writes once its configuration is read and its port bound. False if it exited meanwhile.
     */
    private boolean masterReady() throws IOException, InterruptedException {
        Path pidFile = folder.resolve("nginx.pid");
        Files.deleteIfExists(pidFile);
        // -e: nginx opens its compiled-in error log (/var/log/nginx/error.log) before it reads the configuration.
        master = new ProcessBuilder(program().toString(), "-p", folder.toString(), "-c",
                folder.resolve("nginx.conf").toString(), "-e", folder.resolve("logs/error.log").toString(),
                "-g", "daemon off;").directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("logs/stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                return false;
            }
            if (Files.exists(pidFile) && read(pidFile).strip().equals(String.valueOf(master.pid()))) {
                return true;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("nginx not ready after " + PATIENCE + ":\n" + errorLog() + output());
    }

    /**
     * Stops nginx gracefully (SIGQUIT: the worker finishes its requests), kills it and its worker if it is still
     * there after a while, and removes the folder. Idempotent: after the class, from the shutdown hook, or both.
     */
    @Override
    public synchronized void close() {
        if (master != null) {
            stopMaster();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // this is the hook
            }
            master = null;
        }
        if (watchdog != null) {
            watchdog.destroyForcibly();                         // nothing is left for it to do
            watchdog = null;
        }
        if (folder != null) {
            Folders.delete(folder);
            folder = null;
        }
    }

    private void stopMaster() {
        List<ProcessHandle> workers = master.descendants().toList();
        try {
            if (master.isAlive()) {
                new ProcessBuilder("kill", "-QUIT", String.valueOf(master.pid())).start().waitFor();
            }
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                System.err.println("nginx did not quit on SIGQUIT, killing it:\n" + errorLog());
                master.destroyForcibly();
                master.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            master.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            master.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);        // a worker outlives a killed master
    }

    private String output() {
        return "\n" + read(folder.resolve("logs/stdout.log"));
    }

    private static Path program() {
        return Path.of(System.getProperty("nginx.program", "/usr/sbin/nginx"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

}
