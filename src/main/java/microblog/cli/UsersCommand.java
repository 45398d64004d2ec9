package microblog.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import microblog.account.ResetPasswordForm;
import microblog.auth.Account;
import microblog.auth.RegistrationForm;
import microblog.web.FormErrors;
import microblog.web.Forms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code users ...}: accounts, through the same services and rules as the web pages. */
@Command(name = "users", description = "Create, list and look after accounts.")
final class UsersCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    /** The registration form's labels, which its messages are shown with. */
    private static final Map<String, String> LABELS = Map.of("username", "Username", "email", "Email",
            "password", "Password", "password2", "Repeat Password");
    private static final String USERNAME = "The username, matched ignoring case as at login.";
    private static final List<String> FIELDS = List.of("username", "email", "password", "password2");

    @Spec
    CommandSpec spec;

    private final MicroblogCommand top;

    UsersCommand(MicroblogCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: create, list, set-password, disable, "
                + "enable or logout.");
    }

    @Command(name = "create", description = "Create a user. The rules and messages are registration's; the "
            + "password is asked twice on the terminal, or read as the first line of standard input.")
    int create(@Parameters(paramLabel = "USERNAME", description = "Letters (A to Z), digits and . _ -; unique "
                       + "ignoring case.") String username,
               @Option(names = "--email", paramLabel = "EMAIL", required = true,
                       description = "The user's email address; unique ignoring case.") String email) {
        String name = Forms.identifier(username);
        String address = Forms.identifier(email);
        try (Services services = top.open()) {
            // The username and email first: nobody should type a password twice to learn that the name is taken.
            FormErrors early = services.forms.validate(new RegistrationForm(name, address, "", ""));
            fail(only(early, "username", "email"));
            fail(services.accounts.available(name, address));

            PasswordInput.Entered entered = top.readPassword();
            RegistrationForm form = new RegistrationForm(name, address, entered.password(), entered.password2());
            FormErrors errors = services.forms.validate(form);
            if (errors.of("password").isEmpty()) {
                services.passwordPolicy.check(name, entered.password(), errors);
            }
            fail(errors);
            fail(services.accounts.register(name, address, entered.password()));
            Account account = services.accounts.named(name).orElseThrow();
            top.out.println("Created user " + account.username() + " (id " + account.id() + ").");
        }
        return 0;
    }

    @Command(name = "list", description = "List the users. One line each, tab-separated: id, username, email, "
            + "active or disabled, the registration date (UTC; - when it was not recorded).")
    int list() {
        try (Services services = top.open()) {
            for (Account account : services.accounts.all()) {
                String registered = account.createdAt().isPresent()
                        ? DATE.format(Instant.ofEpochMilli(account.createdAt().getAsLong())) : "-";
                top.out.println(account.id() + "\t" + account.username() + "\t" + account.email() + "\t"
                        + (account.disabled() ? "disabled" : "active") + "\t" + registered);
            }
        }
        return 0;
    }

    @Command(name = "set-password", description = "Set a user's password. It is read as for create, under the same "
            + "policy; every sign-in of the user ends.")
    int setPassword(@Parameters(paramLabel = "USERNAME", description = USERNAME) String username) {
        return onAccount(username, (services, account) -> {
            PasswordInput.Entered entered = top.readPassword();
            FormErrors errors = services.forms.validate(new ResetPasswordForm(entered.password(),
                    entered.password2()));
            if (errors.of("password").isEmpty()) {
                services.passwordPolicy.check(account.username(), entered.password(), errors);
            }
            fail(errors);
            int ended = services.passwordChanges.set(account, entered.password());
            return "Set the password of " + account.username() + "; " + signIns(ended) + " ended.";
        });
    }

    @Command(name = "disable", description = "Disable a user. Every sign-in ends at once, and logging in with "
            + "the right password gets \"Invalid username or password\".")
    int disable(@Parameters(paramLabel = "USERNAME", description = USERNAME) String username) {
        return onAccount(username, (services, account) -> {
            int ended = services.status.disable(account);
            return (account.disabled() ? account.username() + " was already disabled"
                    : "Disabled " + account.username()) + "; " + signIns(ended) + " ended.";
        });
    }

    @Command(name = "enable", description = "Enable a disabled user. They can log in again.")
    int enable(@Parameters(paramLabel = "USERNAME", description = USERNAME) String username) {
        return onAccount(username, (services, account) -> {
            services.status.enable(account);
            return account.disabled() ? "Enabled " + account.username() + "."
                    : account.username() + " was already enabled.";
        });
    }

    @Command(name = "logout", description = "Log a user out everywhere. Every sign-in ends: every session, "
            + "every remember-me cookie.")
    int logout(@Parameters(paramLabel = "USERNAME", description = USERNAME) String username) {
        return onAccount(username, (services, account) ->
                "Logged out " + account.username() + "; " + signIns(services.status.logOut(account)) + " ended.");
    }

    /**
     * Runs {@code action} on the account with this username (ignoring case, as at login) and prints what it
     * answers; an unknown username fails with the contract's message.
     */
    private int onAccount(String username, BiFunction<Services, Account, String> action) {
        String name = Forms.identifier(username);
        try (Services services = top.open()) {
            Account account = services.accounts.named(name)
                    .orElseThrow(() -> new CommandFailed("No user named " + name + "."));
            top.out.println(action.apply(services, account));
        }
        return 0;
    }

    private static String signIns(int count) {
        return count == 1 ? "1 sign-in" : count + " sign-ins";
    }

    private static FormErrors only(FormErrors errors, String... fields) {
        FormErrors kept = new FormErrors();
        for (String field : fields) {
            errors.of(field).forEach(message -> kept.add(field, message));
        }
        return kept;
    }

    /** Fails with every message of the form on one line, each after its field's label, in the form's order. */
    private static void fail(FormErrors errors) {
        if (!errors.any()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (String field : FIELDS) {
            errors.of(field).forEach(message -> parts.add(LABELS.get(field) + ": " + message));
        }
        errors.asMap().forEach((field, messages) -> {
            if (!FIELDS.contains(field)) {
                messages.forEach(message -> parts.add(field + ": " + message));
            }
        });
        throw new CommandFailed(String.join(" ", parts));
    }
}
