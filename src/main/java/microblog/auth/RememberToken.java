package microblog.auth;

/** A row of {@code remember_tokens}: validator hashes are hex SHA-256, times are epoch milliseconds;
 * {@code signInId} is null for a token issued before sign-ins existed. */
record RememberToken(long id, String selector, String validatorHash, String previousHash, Long rotatedAt,
                     long userId, long expiresAt, Long signInId) {
}
