package microblog.posts;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import microblog.auth.CurrentUser;
import microblog.auth.User;
import microblog.web.Flash;
import microblog.web.FormErrors;
import microblog.web.Forms;
import microblog.web.Redirects;
import microblog.web.Views;

/** {@code /} and {@code /index}: the signed-in user's home page with the latest posts, and the post form. */
public final class IndexServlet extends HttpServlet {
    static final String VIEW = "index";
    static final String POSTED = "Your post is now live!";
    static final int POSTS_SHOWN = 20;

    private final PostDao posts;
    private final Timeline timeline;
    private final Forms forms;
    private final Views views;
    private final Clock clock;

    public IndexServlet(PostDao posts, Timeline timeline, Forms forms, Views views, Clock clock) {
        this.posts = posts;
        this.timeline = timeline;
        this.forms = forms;
        this.views = views;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        render(req, resp, new FormErrors());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        PostForm form = PostForm.from(req);
        FormErrors errors = forms.validate(form);
        if (errors.any()) {
            render(req, resp, errors);
            return;
        }
        User author = CurrentUser.get(req).orElseThrow();     // LoginRequiredFilter lets only users through
        posts.insert(form.post(), clock.millis(), author.id());
        Flash.add(req, POSTED);
        Redirects.to(req, resp, "/index");
    }

    private void render(HttpServletRequest req, HttpServletResponse resp, FormErrors errors)
            throws ServletException, IOException {
        req.setAttribute("posts", timeline.latest(POSTS_SHOWN));
        views.render(req, resp, VIEW, errors);
    }
}
