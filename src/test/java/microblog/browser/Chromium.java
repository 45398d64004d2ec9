package microblog.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import microblog.testing.TestServer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A fresh headless Debian Chromium for each test, driven through Debian's chromedriver (never Selenium Manager, never
 * a downloaded browser), with the few gestures a person makes: open, type into a labelled field, press, follow.
 */
public final class Chromium implements BeforeEachCallback, AfterEachCallback {
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Dimension PHONE = new Dimension(375, 740);

    static final File BINARY = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");
    static final String INSTALL_HINT = "install them with: apt-get install chromium chromium-driver";
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /**
     * Selenium warns when it has no CDP bindings for this Chromium's version; the tests use only WebDriver commands,
     * so the warning is noise. Held here so the logger (and its level) is not garbage-collected.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final TestServer server;
    private Path profile;
    private ChromeDriverService service;
    private ChromeDriver driver;

    public Chromium(TestServer server) {
        this.server = server;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        for (File program : new File[] {BINARY, DRIVER}) {
            if (!program.canExecute()) {
                unavailable("Browser tests need Debian's Chromium and chromedriver, but " + program
                        + " is missing; " + INSTALL_HINT);
            }
        }
        profile = Files.createTempDirectory("microblog-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        resize(DESKTOP);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                deleteRecursively(profile);
            }
        }
    }

    /** Fails under {@code -Dbrowser.required=true} (CI), otherwise skips the test, saying so loudly. */
    static void unavailable(String message) {
        if (Boolean.getBoolean("browser.required")) {
            Assertions.fail(message + " (browser.required=true)");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.assumeTrue(false, message);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Makes the viewport (the part of the window that shows the page) exactly {@code size}. */
    public void resize(Dimension size) {
        driver.manage().window().setSize(size);
        Dimension viewport = viewport();
        driver.manage().window().setSize(new Dimension(2 * size.width - viewport.width,
                2 * size.height - viewport.height));
        if (!viewport().equals(size)) {
            throw new IllegalStateException("Chromium made the viewport " + viewport() + ", not " + size);
        }
    }

    public Dimension viewport() {
        @SuppressWarnings("unchecked")
        List<Long> size = (List<Long>) driver.executeScript("return [window.innerWidth, window.innerHeight];");
        return new Dimension(size.get(0).intValue(), size.get(1).intValue());
    }

    public void open(String path) {
        driver.get(server.uri(path));
    }

    /** The current address as a path inside the application ({@code /login?next=%2Findex}). */
    public String path() {
        String url = driver.getCurrentUrl();
        String base = server.uri("");
        if (!url.startsWith(base + "/")) {
            throw new AssertionError("the browser left the application: " + url);
        }
        return url.substring(base.length());
    }

    /** What the page says, as a person reads it. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** The form control named by the label with exactly this text. */
    public WebElement field(String label) {
        WebElement labelElement = driver.findElement(By.xpath("//label[normalize-space()=" + literal(label) + "]"));
        String id = labelElement.getDomAttribute("for");
        return id == null ? labelElement.findElement(By.xpath(".//input|.//textarea")) : driver.findElement(By.id(id));
    }

    /** Clears the labelled field and types {@code text} into it. */
    public void type(String label, String text) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(text);
    }

    /** Ticks a labelled checkbox by clicking its label, as a person does. */
    public void tick(String label) {
        WebElement box = field(label);
        if (!box.isSelected()) {
            driver.findElement(By.xpath("//label[normalize-space()=" + literal(label) + "]")).click();
        }
        if (!box.isSelected()) {
            throw new AssertionError("clicking '" + label + "' did not tick its box");
        }
    }

    /** Clicks the button with this caption and waits for the next page. */
    public void press(String caption) {
        WebElement button = driver.findElement(By.xpath("//button[normalize-space()=" + literal(caption) + "]"
                + " | //input[(@type='submit' or @type='button') and @value=" + literal(caption) + "]"));
        waitingForNextPage(button::click);
    }

    /** Follows the link with this text and waits for the next page. */
    public void follow(String linkText) {
        WebElement link = driver.findElement(By.linkText(linkText));
        waitingForNextPage(link::click);
    }

    /** Presses keys on whatever has the focus, as a keyboard would. */
    public void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Enter on the focused control and waits for the page the form leads to. */
    public void enter() {
        waitingForNextPage(() -> keys(Keys.ENTER));
    }

    public void back() {
        waitingForNextPage(() -> driver.navigate().back());
    }

    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    public void signIn(String username, String password) {
        open("/login");
        type("Username", username);
        type("Password", password);
        press("Sign In");
    }

    /** A PNG of what the viewport shows, written to {@code file}. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Runs {@code action} and waits until another document has loaded. The old page is marked rather than watched
     * for staleness: while it is being torn down, chromedriver may answer with errors other than "stale element".
     */
    private void waitingForNextPage(Runnable action) {
        driver.executeScript("window.microblogOldPage = true;");
        action.run();
        new WebDriverWait(driver, PATIENCE).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
                driver.executeScript("return !window.microblogOldPage && document.readyState === 'complete';")));
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** An XPath string literal for text that may hold quotes. */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
