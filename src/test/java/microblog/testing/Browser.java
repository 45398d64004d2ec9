package microblog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A visitor over real HTTP: its own cookie jar, redirects never followed, forms submitted with their CSRF token. */
public final class Browser {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI base;
    private final String contextPath;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** A visitor of the application at {@code base} (which ends with the context path, if any). */
    public Browser(URI base, String contextPath) {
        this.base = base;
        this.contextPath = contextPath;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** Any method, no body. */
    public HttpResponse<String> method(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** A POST of exactly these fields. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return postRaw(path, "application/x-www-form-urlencoded", encode(fields));
    }

    public HttpResponse<String> postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** What a person does: opens the form's page, then submits it with the page's CSRF token. */
    public HttpResponse<String> submit(String path, Map<String, String> fields) {
        return submit(path, path, fields);
    }

    /** Opens {@code formPage}, then posts the fields with its token to {@code action}. */
    public HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
        HttpResponse<String> page = get(formPage);
        String token = csrfToken(page.body())
                .orElseThrow(() -> new AssertionError("no csrf_token on " + formPage + ": " + page.statusCode()));
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("csrf_token", token);
        return post(action, withToken);
    }

    /** The page without its random CSRF token values, for scanning it for words a page must never show. */
    public static String withoutTokens(String html) {
        return CSRF_FIELD.matcher(html).replaceAll("name=\"csrf_token\" value=\"\"");
    }

    public static Optional<String> csrfToken(String html) {
        Matcher matcher = CSRF_FIELD.matcher(html);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The redirect target as a path inside the application ({@code /login?next=%2Findex}). */
    public String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header, status " + response.statusCode()));
        String path = URI.create(location).getRawPath();
        String query = URI.create(location).getRawQuery();
        if (!path.startsWith(contextPath + "/")) {
            throw new AssertionError("redirect leaves the application: " + location);
        }
        return path.substring(contextPath.length()) + (query == null ? "" : "?" + query);
    }

    /** A header sent with every request from now on (say, X-Forwarded-For behind a proxy). */
    public Browser withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** What a browser does when it is closed and reopened: session cookies are gone. */
    public void dropCookie(String name) {
        cookies.remove(name);
    }

    public static List<String> setCookieHeaders(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie");
    }

    /** The raw Set-Cookie header for a cookie name, if the response set it. */
    public static Optional<String> setCookie(HttpResponse<String> response, String name) {
        return setCookieHeaders(response).stream().filter(h -> h.startsWith(name + "=")).reduce((a, b) -> b);
    }

    /** A Set-Cookie header's attributes, names in lower case ({@code httponly} maps to {@code ""}). */
    public static Map<String, String> attributes(String setCookie) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].trim().split("=", 2);
            attributes.put(pair[0].toLowerCase(java.util.Locale.ROOT), pair.length == 2 ? pair[1] : "");
        }
        return attributes;
    }

    /** The value of the cookie a Set-Cookie header sets. */
    public static String value(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1).trim();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            remember(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(HttpResponse<String> response) {
        for (String header : setCookieHeaders(response)) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            boolean expired = value.isEmpty() || header.matches("(?i).*;\\s*Max-Age=0(;.*)?$");
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
