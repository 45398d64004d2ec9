package microblog.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import microblog.auth.SignIn;

/** A sign-in as the account page shows it; getters because the views read them as EL properties. */
public record SignInEntry(long id, String started, String lastActive, String address, String browser,
                          boolean current) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    static List<SignInEntry> of(List<SignIn> signIns, long currentId) {
        return signIns.stream().map(s -> new SignInEntry(s.id(), minute(s.startedAt()), minute(s.lastActiveAt()),
                s.clientAddress().isEmpty() ? "unknown address" : s.clientAddress(),
                UserAgents.shorten(s.userAgent()), s.id() == currentId)).toList();
    }

    static String minute(long epochMillis) {
        return MINUTE.format(Instant.ofEpochMilli(epochMillis));
    }

    public long getId() {
        return id;
    }

    public String getStarted() {
        return started;
    }

    public String getLastActive() {
        return lastActive;
    }

    public String getAddress() {
        return address;
    }

    public String getBrowser() {
        return browser;
    }

    public boolean isCurrent() {
        return current;
    }
}
