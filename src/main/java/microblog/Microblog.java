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
import java.util.EnumSet;
import java.util.logging.Logger;
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
import microblog.auth.UserDao;
import microblog.db.Database;
import microblog.db.DatabaseFaults;
import microblog.db.DatabaseUnavailableException;
import microblog.posts.IndexServlet;
import microblog.posts.PostDao;
import microblog.web.ClientAddress;
import microblog.web.Csrf;
import microblog.web.CsrfFilter;
import microblog.web.FormInputFilter;
import microblog.web.Forms;
import microblog.web.Limiter;
import microblog.web.Routes;
import microblog.web.RoutesFilter;
import microblog.web.SecretDao;
import microblog.web.SecurityHeadersFilter;
import microblog.web.Signer;
import microblog.web.UnavailableFilter;
import microblog.web.Views;
import org.jdbi.v3.core.Jdbi;

/**
 * The composition root: reads the settings, opens the database, builds every service with its constructor and
 * registers the filters and servlets, in the order requests meet them.
 */
public final class Microblog implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(Microblog.class.getName());
    private static final String[] DYNAMIC_ROUTES = {"login", "register", "logout", "index"};

    private Database database;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.from(context);
        try {
            database = Database.open(settings.database(), Duration.ofSeconds(settings.databaseTimeoutSeconds()));
        } catch (DatabaseUnavailableException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        context.setSessionTimeout(settings.sessionMinutes());

        Clock clock = Clock.systemUTC();
        Jdbi jdbi = database.jdbi();
        UserDao users = jdbi.onDemand(UserDao.class);
        PostDao posts = jdbi.onDemand(PostDao.class);
        Accounts accounts = new Accounts(users, new PasswordHasher(settings.pbkdf2Iterations()));
        RememberMe rememberMe = new RememberMe(jdbi, clock, Duration.ofDays(settings.rememberDays()));
        rememberMe.purgeExpired();
        Signer signer = new Signer(jdbi.onDemand(SecretDao.class).getOrCreate("cookie-signing-key"));
        Csrf csrf = new Csrf(signer);
        Forms forms = new Forms(Forms.newValidator());
        Views views = new Views(csrf);
        Routes routes = Routes.microblog();
        ClientAddress clientAddress = new ClientAddress(settings.clientAddressHeader());
        KnownDevices knownDevices = new KnownDevices(signer, clock);
        LoginLimits loginLimits = LoginLimits.off();
        Limiter registrations = Limiter.none();
        if (settings.throttle()) {
            int entries = settings.throttleEntries();
            Duration window = Duration.ofMinutes(settings.loginWindowMinutes());
            loginLimits = new LoginLimits(
                    Limiter.growingDelays(clock, settings.loginFailuresPerUser(), window, entries),
                    Limiter.perWindow(clock, settings.loginFailuresPerAddress(), window, entries),
                    Limiter.growingDelays(clock, settings.loginFailuresPerUser(), window, entries));
            registrations = Limiter.perWindow(clock, settings.registrationsPerHour(), Duration.ofHours(1), entries);
        } else {
            LOG.warning("microblog.throttle=off: login and registration limits are OFF. Use this only for load "
                    + "tests and test suites, never on a public server.");
        }

        // Filters, in the order a request meets them.
        filter(context, "securityHeaders", new SecurityHeadersFilter(), true);
        context.getFilterRegistration("securityHeaders")
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.ERROR), true, "/*");
        filter(context, "routes", new RoutesFilter(routes), true);
        filter(context, "unavailable", new UnavailableFilter(DatabaseFaults::isUnavailable, database::isPresent,
                database::evictConnections, clock), false);
        filter(context, "rememberMe", new RememberMeFilter(rememberMe, accounts), false);
        filter(context, "loginRequired", new LoginRequiredFilter(accounts, routes), false);
        filter(context, "formInput", new FormInputFilter(), false);
        filter(context, "csrf", new CsrfFilter(csrf, CurrentUser::isSignedIn), false);
        // Error pages (the container's, or the 404/405 pages forwarded to above) with the user's navigation.
        context.addFilter("errorPages", new ErrorPagesFilter(accounts)).addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.ERROR, DispatcherType.FORWARD), true, "/WEB-INF/views/errors/*");

        // One servlet per route; the home page is mapped to the context root and /index (not "/", the default).
        servlet(context, "index", new IndexServlet(posts, forms, views, clock), "", "/index");
        servlet(context, "login",
                new LoginServlet(accounts, rememberMe, loginLimits, knownDevices, clientAddress, forms, views),
                "/login");
        servlet(context, "register",
                new RegisterServlet(accounts, PasswordPolicy.standard(), registrations, clientAddress, forms, views),
                "/register");
        servlet(context, "logout", new LogoutServlet(rememberMe, views), "/logout");

        LOG.info("microblog started: database " + database.url() + ", " + settings.pbkdf2Iterations()
                + " PBKDF2 iterations, sessions " + settings.sessionMinutes() + " min, remember-me "
                + settings.rememberDays() + " days");
    }

    /** Everywhere ({@code everywhere}: static files and error pages too) or only in front of the app's servlets. */
    private static void filter(ServletContext context, String name, Filter filter, boolean everywhere) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(false);
        if (everywhere) {
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        } else {
            registration.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, DYNAMIC_ROUTES);
        }
    }

    private static void servlet(ServletContext context, String name, HttpServlet servlet, String... paths) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.addMapping(paths);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (database != null) {
            database.close();
        }
    }
}
