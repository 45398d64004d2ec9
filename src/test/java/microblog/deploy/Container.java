package microblog.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import microblog.testing.Folders;
import microblog.testing.Loopback;

/**
 * A stock servlet container unpacked by the build, run as its own OS process with a fresh base folder, a free
 * loopback port and its own SQLite file, serving the packaged WAR, unchanged, at several context paths.
 */
public final class Container implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL = 12_000;

    /** The containers the WAR must run in, each found through the system property the build sets. */
    public enum Kind {
        TOMCAT_10("Tomcat 10.1", "microblog.tomcat10.home"),
        TOMCAT_11("Tomcat 11", "microblog.tomcat11.home"),
        JETTY_12("Jetty 12 ee10", "microblog.jetty.home");

        private final String label;
        private final String homeProperty;

        Kind(String label, String homeProperty) {
            this.label = label;
            this.homeProperty = homeProperty;
        }

        boolean isTomcat() {
            return this != JETTY_12;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Kind kind;
    private final Path war;
    private final List<String> contextPaths;
    private final Set<String> ready = new LinkedHashSet<>();
    private final Thread killOnExit = new Thread(this::killQuietly, "kill container on exit");
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jettyModules = new ArrayList<>(List.of("http", "ee10-deploy", "ee10-jsp"));
    private final Map<String, String> jettyProperties = new LinkedHashMap<>();
    private final List<Path> jettyBaseTrees = new ArrayList<>();
    private final Map<String, Map<String, String>> tomcatAttributes = new LinkedHashMap<>();
    private final List<TomcatFile> tomcatFiles = new ArrayList<>();
    private List<String> command;
    private int[] user;
    private boolean hooked;
    private CompletableFuture<Void> started;
    private volatile Process process;
    private Path folder;
    private Path base;
    private Path output;
    private int port;
    private String failure = "";

    /** {@code contextPaths}: {@code ""} for the root (deployed as ROOT.war) or, say, {@code "/microblog"}. */
    public Container(Kind kind, Path war, List<String> contextPaths) {
        this.kind = kind;
        this.war = war;
        this.contextPaths = List.copyOf(contextPaths);
    }

    /** A system property for the container's JVM ({@code microblog.throttle=off}); set before starting. */
    public Container setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /**
     * An environment variable for the container's process ({@code MICROBLOG_DB_PASSWORD}, as a service manager or
     * Tomcat's setenv.sh would export it); set before starting.
     */
    public Container environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** One more Jetty module for the jetty.base ({@code graceful}); Tomcat ignores it. Set before starting. */
    public Container jettyModule(String module) {
        jettyModules.add(module);
        return this;
    }

    /** A Jetty property on start.jar's command line ({@code jetty.server.stopTimeout=15000}); Tomcat ignores it. */
    public Container jettyProperty(String name, String value) {
        jettyProperties.put(name, value);
        return this;
    }

    /**
     * A folder whose files are copied into the fresh jetty.base before its modules are added (a shipped
     * {@code start.d/}, {@code lib/ext/}), so that the node runs on them; Tomcat ignores it. Set before starting.
     */
    public Container jettyBase(Path tree) {
        jettyBaseTrees.add(tree);
        return this;
    }

    /**
     * An attribute for Tomcat's server.xml on its {@code Service} or its HTTP {@code Connector} ({@code Service},
     * {@code gracefulStopAwaitMillis}, {@code 30000}); Jetty ignores it. Set before starting.
     */
    public Container tomcatAttribute(String element, String name, String value) {
        if (!element.equals("Service") && !element.equals("Connector")) {
            throw new IllegalArgumentException("only Service and Connector: " + element);
        }
        tomcatAttributes.computeIfAbsent(element, e -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    /**
     * Runs the container's JVM as another, unprivileged user ({@code 65534}, nobody) through util-linux's
     * {@code setpriv}, so that file permissions apply to it (they do not to root): the base folder, the WAR copies
     * and the database's folder are handed to that user, and its temporary folder lies in the base. Needs root and
     * {@code setpriv}; see {@link #canRunAs}. Set before starting.
     */
    public Container runAs(int uid, int gid) {
        user = new int[] {uid, gid};
        return this;
    }

    /** Whether this machine lets us run a process as {@code uid}/{@code gid} (we are root and have setpriv). */
    public static boolean canRunAs(int uid, int gid) {
        try {
            List<String> probe = new ArrayList<>(setpriv(uid, gid));
            probe.add("true");
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> setpriv(int uid, int gid) {
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups");
    }

    /** Starts the container in the background; {@link #uri} waits for it. */
    public void startOn(Executor executor) {
        started = CompletableFuture.runAsync(() -> {
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    /** The base URI of the application at {@code contextPath}, or an AssertionError with the container's logs. */
    public URI uri(String contextPath) {
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw new AssertionError(kind + " could not be started: " + e.getCause() + logs(), e.getCause());
        }
        if (!ready.contains(contextPath)) {
            throw new AssertionError(failure);
        }
        return URI.create("http://127.0.0.1:" + port + contextPath);
    }

    private void start() throws IOException, InterruptedException {
        Path home = directory(kind.homeProperty);
        if (!Files.isRegularFile(war)) {
            throw new AssertionError("no WAR at " + war + ": run the deployment tests with mvn verify");
        }
        folder = Files.createTempDirectory("microblog-" + kind.name().toLowerCase(Locale.ROOT) + "-");
        base = Files.createDirectories(folder.resolve("base"));
        output = folder.resolve("stdout.log");
        port = Loopback.freePort();
        command = kind.isTomcat() ? tomcat(home) : jetty(home);
        for (String contextPath : contextPaths) {
            String name = contextPath.isEmpty() ? "ROOT.war" : contextPath.substring(1) + ".war";
            Files.copy(war, base.resolve("webapps").resolve(name));
        }
        if (user != null) {
            handOver(folder);
            List<String> prefixed = new ArrayList<>(setpriv(user[0], user[1]));
            prefixed.addAll(command);
            command = prefixed;
        }
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        ready.clear();
        failure = "";
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(killOnExit);
            hooked = true;
        }
        awaitReady();
    }

    /**
     * Starts the stopped (or killed) container again on the same base folder, port and database, and waits until
     * every context answers; an AssertionError with the logs if one does not.
     */
    public void restart() {
        if (command == null || process == null) {
            throw new IllegalStateException("never started");
        }
        if (process.isAlive()) {
            throw new IllegalStateException(kind + " is still running");
        }
        try {
            Files.writeString(output, "\n----- restarted -----\n", StandardCharsets.ISO_8859_1,
                    StandardOpenOption.APPEND);
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!ready.containsAll(contextPaths)) {
            throw new AssertionError(failure);
        }
    }

    /** Gives {@code path} and everything in it to the {@link #runAs} user. */
    private void handOver(Path path) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", user[0] + ":" + user[1], path.toString())
                .redirectErrorStream(true).start();
        String said = new String(chown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (chown.waitFor() != 0) {
            throw new AssertionError("chown -R " + user[0] + ":" + user[1] + " " + path + " failed: " + said);
        }
    }

    /** Everything the container's process has written to its standard output and error so far, uncut. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files under this container's folder (base, temp, work, unpacked WARs) whose names end so. */
    public List<Path> filesEndingWith(String suffix) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SQLite file the container's application uses. */
    public Path database() {
        return folder.resolve("microblog.db");
    }

    /**
     * The JVM that runs the server: the launched process itself, or the JVM it forked if it forked one (Jetty's
     * start.jar does with {@code --exec}), so that signals reach the server and not a wrapper.
     */
    public ProcessHandle serverJvm() {
        Process running = process;
        Optional<ProcessHandle> forked = running.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .reduce((first, later) -> later);
        return forked.orElse(running.toHandle());
    }

    /** Kills the server's JVM at once (SIGKILL on Linux: no shutdown hook, no listener runs) and waits for it. */
    public void kill() {
        Process running = process;
        ProcessHandle jvm = serverJvm();
        List<ProcessHandle> tree = new ArrayList<>(running.descendants().toList());
        jvm.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
        try {
            jvm.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!running.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(kind + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(kind + " survived SIGKILL: " + e);
        }
    }

    /**
     * Asks the server's JVM to stop (SIGTERM: the container's shutdown hook stops it politely) and waits up to
     * {@code timeout} for it to exit; its exit code, or an AssertionError (after killing it) if it did not exit.
     */
    public int terminate(Duration timeout) {
        Process running = process;
        ProcessHandle jvm = serverJvm();
        jvm.destroy();
        try {
            if (!running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(kind + " did not exit within " + timeout.toSeconds() + " s of SIGTERM"
                        + logs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return running.exitValue();
    }

    /** A fresh CATALINA_BASE: the home's conf/ with the HTTP connector on our loopback port, an empty webapps/. */
    private List<String> tomcat(Path home) throws IOException {
        Folders.copy(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String stock = Files.readString(serverXml);
        String connector = "<Connector address=\"127.0.0.1\" port=\"" + port + "\"" + attributes("Connector");
        String service = "<Service name=\"Catalina\"" + attributes("Service");
        String ours = stock.replaceFirst("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replaceFirst("<Connector port=\"8080\"", connector)
                .replaceFirst("<Service name=\"Catalina\"", service);
        if (!ours.contains("<Server port=\"-1\"") || !ours.contains(connector) || !ours.contains(service)) {
            throw new AssertionError(kind + ": unexpected stock conf/server.xml, cannot set the port:\n" + stock);
        }
        Files.writeString(serverXml, ours);
        addTomcatFiles();

        List<String> command = new ArrayList<>(List.of(java(),
                // What catalina.sh passes to the JVM.
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-Djava.protocol.handler.pkgs=org.apache.catalina.webresources",
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Dcatalina.home=" + home,
                "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp")));
        command.addAll(microblogSettings());
        command.addAll(List.of("-cp", home.resolve("bin/bootstrap.jar") + File.pathSeparator
                + home.resolve("bin/tomcat-juli.jar"), "org.apache.catalina.startup.Bootstrap", "start"));
        return command;
    }

    private String attributes(String element) {
        return tomcatAttributes.getOrDefault(element, Map.of()).entrySet().stream()
                .map(e -> " " + e.getKey() + "=\"" + e.getValue() + "\"").reduce("", String::concat);
    }

    /** A fresh jetty.base with HTTP, the ee10 deployer and JSP; JSTL is not a module here, the WAR brings it. */
    private List<String> jetty(Path home) throws IOException, InterruptedException {
        // With a work/ folder in the base, Jetty unpacks the WARs there instead of in the system temp folder.
        Files.createDirectories(base.resolve("work"));
        for (Path tree : jettyBaseTrees) {
            Folders.copy(tree, base);
        }
        Process setup = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=" + String.join(",", jettyModules))
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        if (!setup.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            setup.destroyForcibly();
        }
        if (setup.isAlive() || setup.exitValue() != 0 || !Files.isDirectory(base.resolve("webapps"))) {
            throw new AssertionError(kind + ": creating the jetty.base failed" + logs());
        }
        List<String> command = new ArrayList<>(List.of(java()));
        if (user != null) {
            Files.createDirectories(base.resolve("temp"));
            // Not the shared /tmp: the server's user owns this one (sqlite-jdbc unpacks its native library here).
            command.add("-Djava.io.tmpdir=" + base.resolve("temp"));
        }
        command.addAll(microblogSettings());
        command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port));
        jettyProperties.forEach((name, value) -> command.add(name + "=" + value));
        return command;
    }

    /**
     * The application's settings (ours over the defaults), and a JIT that starts a short-lived JVM in half the time
     * on a busy machine.
     */
    private List<String> microblogSettings() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("microblog.db", database().toString());
        all.put("microblog.pbkdf2.iterations", "1000");
        all.putAll(settings);
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        all.forEach((name, value) -> options.add("-D" + name + "=" + value));
        return options;
    }

    /** Waits for HTTP 200 on every context's /login; gives up when the process exits or the time is up. */
    private void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Set<String> waiting = new LinkedHashSet<>(contextPaths);
        Set<String> answers = new LinkedHashSet<>();
        while (!waiting.isEmpty() && process.isAlive() && Instant.now().isBefore(deadline)) {
            for (String contextPath : List.copyOf(waiting)) {
                int status = status(client, contextPath + "/login");
                if (status == 200) {
                    waiting.remove(contextPath);
                    ready.add(contextPath);
                } else if (status > 0) {
                    answers.add(contextPath + "/login answered " + status);
                }
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(250);
            }
        }
        if (!waiting.isEmpty()) {
            String why = process.isAlive()
                    ? "gave no HTTP 200 within " + START_TIMEOUT.toSeconds() + " s " + answers
                    : "exited with code " + process.exitValue();
            List<String> failed = waiting.stream().map(c -> c.isEmpty() ? "/" : c).toList();
            failure = kind + " on port " + port + " " + why + " for context paths " + failed + logs();
        }
    }

    private int status(HttpClient client, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException notYetListening) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The process output and, for Tomcat, every file in base/logs; each cut to its last lines. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        if (output != null) {
            append(logs, "process output", output);
        }
        if (base != null && kind.isTomcat() && Files.isDirectory(base.resolve("logs"))) {
            try (Stream<Path> files = Files.list(base.resolve("logs"))) {
                files.sorted().forEach(file -> append(logs, "logs/" + file.getFileName(), file));
            } catch (IOException e) {
                logs.append("\n(cannot list ").append(base.resolve("logs")).append(": ").append(e).append(')');
            }
        }
        return logs.toString();
    }

    private static void append(StringBuilder logs, String title, Path file) {
        logs.append("\n----- ").append(title).append(" -----\n");
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(none)";
            logs.append(text.length() > LOG_TAIL ? "..." + text.substring(text.length() - LOG_TAIL) : text);
        } catch (IOException e) {
            logs.append("(cannot read: ").append(e).append(')');
        }
    }

    /** Stops the process politely (SIGTERM: the container undeploys its applications), forcibly after a while. */
    public void stop() {
        if (started != null) {
            started.exceptionally(e -> null).join();
        }
        Process running = process;
        if (running == null) {
            return;
        }
        List<ProcessHandle> children = running.descendants().toList();
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            hooked = false;
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** Stops the process and deletes the base folder and the database. */
    @Override
    public void close() {
        stop();
        if (folder != null) {
            deleteRecursively(folder);
        }
    }

    private void killQuietly() {
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    private static Path directory(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new AssertionError("system property " + property + " names no unpacked container (" + value
                    + "): run the deployment tests with mvn verify");
        }
        return Path.of(value).toAbsolutePath();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp folder is no test failure
        }
    }

    /** A file an operator adds to CATALINA_BASE: where it goes, where it comes from, the placeholders to fill in. */
    private record TomcatFile(String target, Path source, Map<String, String> placeholders) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z0-9_]+@");

    /**
     * A file for Tomcat's CATALINA_BASE ({@code conf/Catalina/localhost/ROOT.xml}, {@code lib/postgresql.jar}),
     * copied from {@code source} after the stock conf/ (over a stock file of that name); with placeholders, the file
     * is read as UTF-8 text and each {@code @NAME@} replaced, and one left unfilled fails the start. Jetty ignores it.
     * Set before starting.
     */
    public Container tomcatFile(String target, Path source, Map<String, String> placeholders) {
        tomcatFiles.add(new TomcatFile(target, source, Map.copyOf(placeholders)));
        return this;
    }

    private void addTomcatFiles() throws IOException {
        for (TomcatFile file : tomcatFiles) {
            Path target = base.resolve(file.target());
            Files.createDirectories(target.getParent());
            if (file.placeholders().isEmpty()) {
                Files.copy(file.source(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            String text = Files.readString(file.source(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> placeholder : file.placeholders().entrySet()) {
                text = text.replace(placeholder.getKey(), placeholder.getValue());
            }
            Matcher unfilled = PLACEHOLDER.matcher(text);
            if (unfilled.find()) {
                throw new AssertionError(file.source() + ": placeholder " + unfilled.group() + " not filled in");
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
    }

    /** The WAR that {@code package} built (failsafe passes its path as {@code microblog.war}). */
    public static Path packagedWar() {
        return Path.of(System.getProperty("microblog.war", "target/microblog-1.0-SNAPSHOT.war")).toAbsolutePath();
    }

    /** The first column of every row a query returns, read over a plain JDBC connection. */
    public static java.util.List<String> column(java.sql.Connection db, String sql) throws java.sql.SQLException {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (java.sql.Statement statement = db.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
