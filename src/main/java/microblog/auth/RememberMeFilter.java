package microblog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import microblog.web.ClientAddress;

/** Signs in a visitor whose session is gone but whose remember-me cookie is valid (Flask-Login's remember=True). */
public final class RememberMeFilter extends HttpFilter {
    private final RememberMe rememberMe;
    private final Accounts accounts;
    private final SignIns signIns;
    private final ClientAddress clientAddress;

    public RememberMeFilter(RememberMe rememberMe, Accounts accounts, SignIns signIns, ClientAddress clientAddress) {
        this.rememberMe = rememberMe;
        this.accounts = accounts;
        this.signIns = signIns;
        this.clientAddress = clientAddress;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (CurrentUser.sessionUserId(req).isEmpty()) {
            rememberMe.restore(req, resp).ifPresent(remembered -> restore(req, resp, remembered));
        }
        chain.doFilter(req, resp);
    }

    /** Continues the token's sign-in (a token older than sign-ins starts one); a disabled account gets nothing. */
    private void restore(HttpServletRequest req, HttpServletResponse resp, RememberMe.Remembered remembered) {
        Optional<User> user = accounts.find(remembered.userId());
        if (user.isEmpty()) {
            return;
        }
        Long signInId = remembered.signInId();
        if (signInId == null) {
            OptionalLong started = signIns.startForToken(user.get(), remembered.tokenId(), clientAddress.of(req),
                    req.getHeader("User-Agent"));
            if (started.isEmpty()) {
                // The password was changed, the account disabled or logged out meanwhile: the token is void.
                rememberMe.forget(req, resp);
                return;
            }
            signInId = started.getAsLong();
        }
        CurrentUser.signIn(req, resp, user.get(), signInId);
        signIns.touch(signInId);
    }
}
