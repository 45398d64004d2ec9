package microblog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
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
            signInId = signIns.start(user.get().id(), clientAddress.of(req), req.getHeader("User-Agent"));
            rememberMe.attach(remembered.tokenId(), signInId);
        }
        CurrentUser.signIn(req, resp, user.get(), signInId);
        signIns.touch(signInId);
    }
}
