package microblog.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import microblog.web.FormErrors;
import microblog.web.Forms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "Say something" form through a real Validator: 1 to 140 code points. */
class PostFormTest {
    private static final String TOO_LONG = "Post must be at most 140 characters long.";
    private static final String EMOJI = "\uD83D\uDE00";

    private final Forms forms = new Forms(Forms.newValidator());

    @Test
    void aShortPostIsValid() {
        assertFalse(forms.validate(new PostForm("Hello, world!")).any());
    }

    @Test
    void oneCharacterIsEnough() {
        assertFalse(forms.validate(new PostForm("x")).any());
    }

    @Test
    void exactly140CharactersAreAllowed() {
        assertFalse(forms.validate(new PostForm("p".repeat(140))).any());
    }

    @Test
    void a141CharacterPostIsTooLong() {
        FormErrors errors = forms.validate(new PostForm("p".repeat(141)));

        assertEquals(List.of(TOO_LONG), errors.of("post"));
    }

    @Test
    void charactersAreCountedAsCodePointsNotUtf16Units() {
        String post = EMOJI.repeat(140);
        assertEquals(280, post.length());

        assertFalse(forms.validate(new PostForm(post)).any());
        assertEquals(List.of(TOO_LONG), forms.validate(new PostForm(EMOJI.repeat(141))).of("post"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n\r\n", " \t \n "})
    void anEmptyOrWhitespaceOnlyPostIsRequired(String post) {
        FormErrors errors = forms.validate(new PostForm(post));

        assertEquals(List.of("This field is required."), errors.of("post"));
    }

    @Test
    void theLengthMessageNamesTheLimit() {
        String message = forms.validate(new PostForm("p".repeat(500))).of("post").get(0);

        assertEquals(TOO_LONG, message);
        assertEquals(TOO_LONG, PostForm.TOO_LONG);
    }
}
