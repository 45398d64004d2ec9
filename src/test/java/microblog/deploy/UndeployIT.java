package microblog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import microblog.deploy.Container.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stopping Tomcat undeploys the WAR without the leaks its class loader checks for (redeploys would pile them up). */
class UndeployIT {
    private static final Map<Kind, Container> CONTAINERS = new EnumMap<>(Kind.class);

    @BeforeAll
    static void startTomcats() {
        Path war = Container.packagedWar();
        ExecutorService starters = Executors.newFixedThreadPool(2);
        for (Kind kind : List.of(Kind.TOMCAT_10, Kind.TOMCAT_11)) {
            Container container = new Container(kind, war, List.of(""));
            CONTAINERS.put(kind, container);
            container.startOn(starters);
        }
        starters.shutdown();
    }

    @AfterAll
    static void removeTomcats() {
        CONTAINERS.values().forEach(Container::close);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = {"TOMCAT_10", "TOMCAT_11"})
    void stoppingTomcatReportsNoLeakFromTheApplication(Kind kind) throws Exception {
        Container container = CONTAINERS.get(kind);
        URI login = URI.create(container.uri("") + "/login");
        HttpResponse<Void> served = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(login).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, served.statusCode());

        container.stop();

        String logs = container.logs();
        assertTrue(logs.contains("Stopping service [Catalina]"), "stopped cleanly:" + logs);
        List<String> leaks = logs.lines()
                .filter(line -> line.contains("WebappClassLoaderBase") || line.contains("memory leak"))
                .distinct().toList();
        assertTrue(leaks.isEmpty(), kind + " found leaks when the WAR was undeployed:\n"
                + String.join("\n", leaks));
    }
}
