package microblog.auth;

/** One password login of a user in one browser, as the account page lists it. */
public record SignIn(long id, long userId, long startedAt, long lastActiveAt, String clientAddress,
                     String userAgent) {
}
