package microblog.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import microblog.testing.TestServer;

/**
 * Runs command lines in this JVM, as picocli's own tests do: no process, the streams captured, the password given
 * as standard input that is not a terminal, the system properties and environment given as maps.
 */
final class Commands {
    /** What a command did: its exit status and what it printed. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    final Map<String, String> properties = new HashMap<>(
            Map.of("microblog.pbkdf2.iterations", String.valueOf(TestServer.TEST_ITERATIONS)));
    final Map<String, String> environment = new HashMap<>();

    Result run(String... args) {
        return withInput("", args);
    }

    Result withInput(String standardInput, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PasswordInput passwords = new PasswordInput(null, new BufferedReader(new StringReader(standardInput)));
        int status = Cli.execute(args, new PrintWriter(out), new PrintWriter(err), properties::get, environment,
                passwords);
        return new Result(status, out.toString(), err.toString());
    }
}
