package microblog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** Signs in a visitor whose session is gone but whose remember-me cookie is valid (Flask-Login's remember=True). */
public final class RememberMeFilter extends HttpFilter {
    private final RememberMe rememberMe;
    private final Accounts accounts;

    public RememberMeFilter(RememberMe rememberMe, Accounts accounts) {
        this.rememberMe = rememberMe;
        this.accounts = accounts;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (CurrentUser.sessionUserId(req).isEmpty()) {
            Optional<User> user = rememberMe.restore(req, resp).flatMap(accounts::find);
            user.ifPresent(u -> CurrentUser.signIn(req, resp, u));
        }
        chain.doFilter(req, resp);
    }
}
