package microblog.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The mail settings: their defaults, the values refused (naming the setting), and the transport they pick. */
class MailSettingsTest {
    private static final String PASSWORD = "hunter2-do-not-print";

    @Test
    void unsetValuesTakeTheirDefaults() {
        MailSettings settings = MailSettings.parse(null, null, null, null, null, null);

        assertEquals(MailSettings.none(), settings);
        assertEquals(25, settings.port());
        assertEquals("off", settings.starttls());
        assertEquals("microblog@localhost", settings.from());
        assertFalse(settings.hasHost());
        assertFalse(settings.hasLogin());
    }

    @Test
    void valuesAreReadAsWritten() {
        MailSettings settings = MailSettings.parse("smtp.example.com", "587", "Required", "microblog", PASSWORD,
                "Microblog <microblog@example.com>");

        assertEquals(new MailSettings("smtp.example.com", 587, "required", "microblog", PASSWORD,
                "Microblog <microblog@example.com>"), settings);
        assertTrue(settings.startTlsRequired());
        assertTrue(settings.hasLogin());
    }

    @Test
    void aPortOutsideTheRangeIsRefusedNamingTheSetting() {
        for (String port : new String[] {"0", "65536", "-1", "smtp"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MailSettings.parse("smtp.example.com", port, null, null, null, null));
            assertTrue(e.getMessage().startsWith("microblog.mail.port "), e.getMessage());
        }
        assertEquals(65_535, MailSettings.parse("h", "65535", null, null, null, null).port());
        assertEquals(1, MailSettings.parse("h", "1", null, null, null, null).port());
    }

    @Test
    void starttlsIsOffOrRequiredAndNothingElse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.parse("smtp.example.com", null, "yes", null, null, null));

        assertTrue(e.getMessage().startsWith("microblog.mail.starttls "), e.getMessage());
    }

    @Test
    void aSenderThatIsNotAnAddressIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.parse("smtp.example.com", null, null, null, null, "not an address"));

        assertTrue(e.getMessage().startsWith("microblog.mail.from "), e.getMessage());
    }

    @Test
    void aPasswordWithoutAUsernameIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.parse("smtp.example.com", null, null, null, PASSWORD, null));

        assertTrue(e.getMessage().startsWith("microblog.mail.password "), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
    }

    @Test
    void printedSettingsNeverShowThePassword() {
        MailSettings settings = new MailSettings("smtp.example.com", 587, "required", "microblog", PASSWORD, null);

        assertFalse(settings.toString().contains(PASSWORD), settings.toString());
        assertTrue(settings.toString().contains("password=(set)"), settings.toString());
        assertFalse(new SmtpTransport(settings).toString().contains(PASSWORD));
    }

    @Test
    void withoutAHostMailGoesToTheLog() {
        assertInstanceOf(LogTransport.class, Transports.from(MailSettings.parse(null, null, null, null, null, null)));
    }

    @Test
    void withAHostMailGoesOverSmtp() {
        assertInstanceOf(SmtpTransport.class,
                Transports.from(MailSettings.parse("smtp.example.com", "587", "required", "u", PASSWORD, null)));
    }

    @Test
    void aMailPrintedShowsNeitherItsTextNorTheWholeAddress() {
        String shown = new Mail("susan@example.com", "Reset", "https://example.com/reset_password/t0ken").toString();

        assertEquals("Mail[to a recipient at example.com]", shown);
    }
}
