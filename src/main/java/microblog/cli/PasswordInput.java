package microblog.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a new password comes from: the terminal, asked twice without echo, or, when standard input is not a
 * terminal (a script, a pipe), its first line, taken as it is. Never an argument or an environment variable: those
 * show in {@code ps}, in shell history and in {@code /proc}.
 */
final class PasswordInput {
    /** What was typed: the password and its repetition (the same line twice when it came from a pipe). */
    record Entered(String password, String password2) {
        @Override
        public String toString() {
            return "Entered[]";
        }
    }

    private final Console console;
    private final BufferedReader standardInput;

    /** {@code console}: the terminal, or null when standard input is not one. */
    PasswordInput(Console console, BufferedReader standardInput) {
        this.console = console;
        this.standardInput = standardInput;
    }

    Entered read() {
        if (console != null) {
            char[] password = console.readPassword("Password: ");
            char[] password2 = password == null ? null : console.readPassword("Repeat Password: ");
            if (password2 == null) {
                throw new CommandFailed("No password was entered.");
            }
            return new Entered(new String(password), new String(password2));
        }
        try {
            String line = standardInput.readLine();
            if (line == null) {
                throw new CommandFailed("No password: standard input is not a terminal and was empty (give the "
                        + "password as its first line).");
            }
            return new Entered(line, line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The terminal, when both standard input and output are one. From Java 22 {@link System#console()} answers
     * even when they are redirected, and {@code Console.isTerminal()} tells; Java 17 to 21 answer null then.
     */
    static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (ReflectiveOperationException beforeJava22) {
            return console;
        }
    }
}
