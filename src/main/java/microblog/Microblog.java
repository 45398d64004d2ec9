package microblog;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Logger;
import microblog.account.AccountServlet;
import microblog.account.ChangePasswordServlet;
import microblog.account.LogoutOthersServlet;
import microblog.account.LogoutSessionServlet;
import microblog.account.PasswordChanges;
import microblog.account.PasswordResets;
import microblog.account.ResetPasswordRequestServlet;
import microblog.account.ResetPasswordServlet;
import microblog.auth.Accounts;
import microblog.auth.CurrentUser;
import microblog.auth.ErrorPagesFilter;
import microblog.auth.KnownDevices;
import microblog.auth.LoginLimits;
import microblog.auth.LoginRequiredFilter;
import microblog.auth.LoginServlet;
import microblog.auth.LogoutServlet;
import microblog.auth.PasswordHasher;
import microblog.auth.PasswordPolicy;
import microblog.auth.RegisterServlet;
import microblog.auth.RememberMe;
import microblog.auth.RememberMeFilter;
import microblog.auth.SignIns;
import microblog.auth.UserDao;
import microblog.db.Database;
import microblog.db.DatabaseFaults;
import microblog.db.DatabaseUnavailableException;
import microblog.mail.MailSender;
import microblog.mail.MailSettings;
import microblog.mail.Outbox;
import microblog.mail.Transports;
import microblog.posts.IndexServlet;
import microblog.posts.PostDao;
import microblog.posts.Timeline;
import microblog.web.ClientAddress;
import microblog.web.Csrf;
import microblog.web.CsrfFilter;
import microblog.web.FormInputFilter;
import microblog.web.ForwardedHttpsFilter;
import microblog.web.Forms;
import microblog.security.Limiter;
import microblog.security.Limits;
import microblog.web.Routes;
import microblog.web.RoutesFilter;
import microblog.web.SecretDao;
import microblog.web.SecurityHeadersFilter;
import microblog.web.Signer;
import microblog.web.TrustedProxies;
import microblog.web.UnavailableFilter;
import microblog.web.Views;
import org.jdbi.v3.core.Jdbi;

/**
 * The composition root: reads the settings, opens the database, builds every service with its constructor and
 * registers the filters and servlets, in the order requests meet them.
 */
public final class Microblog implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(Microblog.class.getName());

    /** The app's own servlets, which the APP_ROUTES filters are mapped to once they are all registered. */
    private final List<String> appServlets = new ArrayList<>();
    private final List<FilterRegistration.Dynamic> appRouteFilters = new ArrayList<>();
    private Database database;
    private MailSender mailSender;
    private SignIns signIns;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.from(context);
        TrustedProxies proxies;
        try {
            proxies = settings.trustedProxies();        // before anything is opened: a typo stops start-up cleanly
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        try {
            database = Database.open(settings.database(), settings.databaseUser(), settings.databasePassword(),
                    Duration.ofSeconds(settings.databaseTimeoutSeconds()));
        } catch (DatabaseUnavailableException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        context.setSessionTimeout(settings.sessionMinutes());

        Clock clock = Clock.systemUTC();
        Jdbi jdbi = database.jdbi();
        UserDao users = jdbi.onDemand(UserDao.class);
        PostDao posts = jdbi.onDemand(PostDao.class);
        PasswordHasher hasher = new PasswordHasher(settings.pbkdf2Iterations());
        Accounts accounts = new Accounts(users, hasher, database.dataVersion(), clock);
        RememberMe rememberMe = new RememberMe(jdbi, clock, Duration.ofDays(settings.rememberDays()));
        rememberMe.purgeExpired();
        signIns = new SignIns(jdbi, clock, Duration.ofMinutes(settings.sessionMinutes()),
                database.dataVersion());
        signIns.purgeEnded();
        Signer signer = new Signer(jdbi.onDemand(SecretDao.class).getOrCreate("cookie-signing-key"));
        Csrf csrf = new Csrf(signer);
        Forms forms = new Forms(Forms.newValidator());
        Views views = new Views(csrf);
        Routes routes = Routes.microblog();
        ClientAddress clientAddress = new ClientAddress(settings.clientAddressHeader(), proxies);
        KnownDevices knownDevices = new KnownDevices(signer, clock);
        // In memory by default; in the database when several servers share it, so that they count together.
        Limits limits = settings.sharedLimits() ? Limits.inDatabase(jdbi, clock)
                : Limits.inMemory(clock, settings.throttleEntries());
        LoginLimits loginLimits = loginLimits(settings, limits);
        Limiter registrations = perHour(settings, limits, "register.address", settings.registrationsPerHour());
        Limiter resetRequests = perHour(settings, limits, "reset.address", settings.resetsPerAddressHour());

        // Mail: recorded in the outbox with the change it reports, sent after the response by one sender thread.
        Outbox outbox = new Outbox(clock);
        PasswordChanges passwordChanges = new PasswordChanges(jdbi, hasher, outbox, clock);
        PasswordResets passwordResets = new PasswordResets(jdbi, passwordChanges, outbox, clock,
                Duration.ofMinutes(settings.resetMinutes()), settings.resetsPerAccountHour());
        MailSettings mail = settings.mail();
        mailSender = new MailSender(jdbi, outbox, Transports.from(mail), passwordResets, clock);
        PasswordPolicy passwordPolicy = PasswordPolicy.standard();

        // Filters, in the order a request meets them.
        // First: behind a trusted TLS proxy every filter after it, HSTS included, sees the request as HTTPS.
        filter(context, "forwardedHttps", new ForwardedHttpsFilter(clientAddress), Scope.EVERY_RESPONSE);
        filter(context, "securityHeaders", new SecurityHeadersFilter(settings.hstsSeconds()), Scope.EVERY_RESPONSE);
        filter(context, "routes", new RoutesFilter(routes), Scope.EVERY_REQUEST);
        filter(context, "unavailable", new UnavailableFilter(DatabaseFaults::isUnavailable, database::isPresent,
                database::isWritable, database::evictConnections, clock), Scope.APP_ROUTES);
        filter(context, "rememberMe", new RememberMeFilter(rememberMe, accounts, signIns, clientAddress), Scope.APP_ROUTES);
        filter(context, "loginRequired", new LoginRequiredFilter(signIns, routes), Scope.APP_ROUTES);
        filter(context, "formInput", new FormInputFilter(), Scope.APP_ROUTES);
        filter(context, "csrf", new CsrfFilter(csrf, CurrentUser::isSignedIn), Scope.APP_ROUTES);
        filter(context, "errorPages", new ErrorPagesFilter(signIns), Scope.ERROR_PAGES);

        // One servlet per route; the home page is mapped to the context root and /index (not "/", the default).
        servlet(context, "index", new IndexServlet(posts, new Timeline(posts, database.dataVersion()), forms, views, clock), "", "/index");
        servlet(context, "login",
                new LoginServlet(accounts, rememberMe, signIns, loginLimits, knownDevices, clientAddress, forms,
                        views),
                "/login");
        servlet(context, "register",
                new RegisterServlet(accounts, passwordPolicy, registrations, clientAddress, forms, views),
                "/register");
        servlet(context, "logout", new LogoutServlet(rememberMe, signIns, views), "/logout");
        servlet(context, "account", new AccountServlet(signIns, views), "/account");
        servlet(context, "logoutSession", new LogoutSessionServlet(signIns, views), "/account/logout_session");
        servlet(context, "logoutOthers", new LogoutOthersServlet(signIns, views), "/account/logout_others");
        servlet(context, "changePassword", new ChangePasswordServlet(accounts, passwordChanges, passwordPolicy,
                loginLimits, knownDevices, clientAddress, forms, views), "/change_password");
        servlet(context, "resetPasswordRequest", new ResetPasswordRequestServlet(passwordResets, settings.baseUrl(),
                resetRequests, clientAddress, forms, views), "/reset_password_request");
        servlet(context, "resetPassword", new ResetPasswordServlet(passwordResets, passwordPolicy, forms, views),
                "/reset_password/*");

        // Mapped by name, not by URL pattern, so static files skip them; in the order they were registered.
        for (FilterRegistration.Dynamic registration : appRouteFilters) {
            registration.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true,
                    appServlets.toArray(String[]::new));
        }

        LOG.info("microblog started: database " + database.url() + ", " + settings.pbkdf2Iterations()
                + " PBKDF2 iterations, sessions " + settings.sessionMinutes() + " min, remember-me "
                + settings.rememberDays() + " days");
        // Background threads last: if anything above failed, the container never calls contextDestroyed.
        signIns.start();
        mailSender.start();

        String mailNote = mail.hasHost() ? "sent through " + mail.host() + ":" + mail.port()
                : "written to this log (microblog.mail.host is not set)";
        if (settings.developmentUrl().isPresent()) {
            LOG.info("microblog is running at " + settings.developmentUrl().get() + "\n"
                    + "    database: " + database.url().replaceFirst("^jdbc:sqlite:", "") + "\n"
                    + "    mail: " + mailNote + "\n"
                    + "    stop it with Ctrl+C");
        } else if (!mail.hasHost()) {
            LOG.warning("microblog.mail.host is not set: mails, password reset links included, are written to this "
                    + "log instead of being sent. Set it (README.md, Mail) on any server people use.");
        }
    }

    /** Where a filter runs. */
    private enum Scope {
        /** Every request, static files included. */
        EVERY_REQUEST,
        /** Every request and every error page the container renders. */
        EVERY_RESPONSE,
        /** Only requests for the application's own servlets (not static files). */
        APP_ROUTES,
        /** The error pages, rendered by the container or included by the app (400, 404, 405, 413, 429, 503). */
        ERROR_PAGES
    }

    private void filter(ServletContext context, String name, Filter filter, Scope scope) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(false);
        switch (scope) {
            case EVERY_REQUEST -> registration.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.REQUEST), true, "/*");
            case EVERY_RESPONSE -> registration.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), true, "/*");
            case APP_ROUTES -> appRouteFilters.add(registration);
            case ERROR_PAGES -> registration.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.ERROR, DispatcherType.INCLUDE), true, "/WEB-INF/views/errors/*");
        }
    }

    /** Brute-force limits from the settings, or none (with a loud warning) when {@code microblog.throttle=off}. */
    private static LoginLimits loginLimits(Settings settings, Limits limits) {
        if (!settings.throttle()) {
            LOG.warning("microblog.throttle=off: login and registration limits are OFF. Use this only for load "
                    + "tests and test suites, never on a public server.");
            return LoginLimits.off();
        }
        Duration window = Duration.ofMinutes(settings.loginWindowMinutes());
        return new LoginLimits(
                limits.growingDelays("login.user", settings.loginFailuresPerUser(), window),
                limits.perWindow("login.address", settings.loginFailuresPerAddress(), window),
                limits.growingDelays("login.device", settings.loginFailuresPerUser(), window));
    }

    /** A per-client-address hourly limit, or none when {@code microblog.throttle=off}. */
    private static Limiter perHour(Settings settings, Limits limits, String name, int allowed) {
        return settings.throttle() ? limits.perWindow(name, allowed, Duration.ofHours(1)) : Limiter.none();
    }

    private void servlet(ServletContext context, String name, HttpServlet servlet, String... paths) {
        appServlets.add(name);
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.addMapping(paths);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (mailSender != null) {
            mailSender.close();             // before the database: it may be finishing a mail
        }
        if (signIns != null) {
            signIns.close();                // writes the last "last active" times
        }
        if (database != null) {
            database.close();
        }
    }
}
