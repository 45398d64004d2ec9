package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's wrk (2 threads, 64 connections) against loopback and reads its summary. */
final class Wrk {
    static final int THREADS = 2;
    static final int CONNECTIONS = 64;

    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long errors, String raw) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * {@code script}: a Lua script that hands each request one of the logged-in users' cookies in turn (so 64
     * connections are 64 users, not one user's 64 tabs fighting over one session), or null for anonymous requests.
     */
    static Result run(String url, Path script, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS,
                "-d" + seconds + "s", "--latency", "--timeout", "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Result(number(RPS, out), percentile(out, "50"), percentile(out, "99"),
                (long) number(TOTAL, out), errors, out);
    }

    /**
     * A wrk script whose requests go to {@code path} carrying these cookies round robin. Each wrk thread takes
     * its own share of the users (thread 1 the 1st, 3rd, ...; thread 2 the 2nd, 4th, ...): two threads walking the
     * same list in step would send one user's requests at the same moment, like one person in two tabs clicking
     * together, which is not the load of many users.
     */
    static Path cookieScript(Path file, String path, List<String> cookies) throws IOException {
        StringBuilder lua = new StringBuilder("local cookies = {\n");
        for (String cookie : cookies) {
            lua.append("  \"").append(cookie).append("\",\n");
        }
        lua.append("}\n")
                .append("local threads = 0\n")
                .append("function setup(thread)\n")
                .append("  threads = threads + 1\n")
                .append("  thread:set(\"share\", threads)\n")
                .append("end\n")
                .append("local requests = {}\n")
                .append("local next_request = 0\n")
                .append("function init(args)\n")
                .append("  for i, cookie in ipairs(cookies) do\n")
                .append("    if (i - share) % ").append(THREADS).append(" == 0 then\n")
                .append("      requests[#requests + 1] = wrk.format(\"GET\", \"").append(path)
                .append("\", { [\"Cookie\"] = cookie })\n")
                .append("    end\n")
                .append("  end\n")
                .append("end\n")
                .append("function request()\n")
                .append("  next_request = next_request % #requests + 1\n")
                .append("  return requests[next_request]\n")
                .append("end\n");
        return Files.writeString(file, lua);
    }

    private static double number(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A latency percentile from wrk's "Latency Distribution", in milliseconds. */
    private static double percentile(String out, String percent) {
        Matcher m = Pattern.compile("\\s" + percent + "%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percent + "% latency in wrk's output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            default -> value * 1000;
        };
    }
}
