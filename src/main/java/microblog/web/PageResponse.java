package microblog.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The response a view writes its page to: UTF-8 encoded a buffer at a time by the JDK's encoder. Jetty's own
 * response writer encodes one character at a time, a fifth of the home page's cost under load; Tomcat's is as fast
 * either way.
 */
final class PageResponse extends HttpServletResponseWrapper {
    private PrintWriter writer;

    PageResponse(HttpServletResponse response) {
        super(response);
    }

    /**
     * Renders the JSP at {@code path} (under {@code /WEB-INF}) as the whole page; status and headers must be set
     * already. Included, not forwarded: Jetty ends a forward by trying {@code getOutputStream()} on a response the
     * JSP wrote through {@code getWriter()}, which costs an exception per page.
     */
    static void render(HttpServletRequest req, HttpServletResponse resp, String path)
            throws ServletException, IOException {
        PageResponse page = new PageResponse(resp);
        req.getRequestDispatcher(path).include(req, page);
        page.finish();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            OutputStream body = new FilterOutputStream(getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                // The container sends the page when the request is done, whole and with its length; flushing the
                // response here would send it early, in chunks, with a second write to the socket.
                @Override
                public void flush() {
                }
            };
            writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), false);
        }
        return writer;
    }

    /** Hands what the view wrote to the response; call once the view is done (a failed view is not sent). */
    void finish() {
        if (writer != null) {
            writer.flush();
        }
    }
}
