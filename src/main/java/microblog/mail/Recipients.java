package microblog.mail;

/** How a recipient appears in the log: by the domain of the address only, never the whole address. */
final class Recipients {
    private static final int MAX_DOMAIN_LENGTH = 80;

    private Recipients() {
    }

    /**
     * The part after the last {@code @}, limited to the characters a domain name has: the address may be one a
     * visitor typed, and must not be able to start a line of its own in the log.
     */
    static String domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return "(no domain)";
        }
        String domain = address.substring(at + 1);
        StringBuilder shown = new StringBuilder(Math.min(domain.length(), MAX_DOMAIN_LENGTH));
        for (int i = 0; i < domain.length() && shown.length() < MAX_DOMAIN_LENGTH; i++) {
            char c = domain.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
            shown.append(plain ? c : '?');
        }
        return shown.toString();
    }
}
