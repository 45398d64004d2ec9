package microblog.mail;

/** Where mail goes: a mail server, or the log in development. */
public interface Transport {
    /** Sends the mail, or says why not and whether trying again may help. */
    void send(Mail mail) throws MailFailure;
}
