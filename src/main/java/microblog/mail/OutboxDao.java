package microblog.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code outbox} table: mail waiting to be sent, and for a week what became of it. */
@RegisterRowMapper(OutboxDao.Rows.class)
interface OutboxDao {
    String COLUMNS = "id, kind, recipient, subject, body, base_url, created_at, attempts, next_attempt_at, sent_at, "
            + "given_up_at";

    @SqlUpdate("INSERT INTO outbox (kind, recipient, subject, body, created_at, next_attempt_at) "
            + "VALUES ('mail', :recipient, :subject, :body, :now, :now)")
    @GetGeneratedKeys("id")
    long insertMail(@Bind("recipient") String recipient, @Bind("subject") String subject, @Bind("body") String body,
                    @Bind("now") long now);

    @SqlUpdate("INSERT INTO outbox (kind, recipient, base_url, created_at, next_attempt_at) "
            + "VALUES ('reset', :recipient, :baseUrl, :now, :now)")
    @GetGeneratedKeys("id")
    long insertResetRequest(@Bind("recipient") String typedAddress, @Bind("baseUrl") String baseUrl,
                            @Bind("now") long now);

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox "
            + "WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
    List<OutboxEntry> findDue(@Bind("now") long now, @Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id")
    Optional<OutboxEntry> findById(@Bind("id") long id);

    /**
     * Takes a due entry for this sender until {@code leaseUntil}: 1 when taken, 0 when another server's sender
     * took it first. A sender that dies while sending leaves the entry due again once the lease ends.
     */
    @SqlUpdate("UPDATE outbox SET next_attempt_at = :leaseUntil "
            + "WHERE id = :id AND next_attempt_at = :seen AND sent_at IS NULL AND given_up_at IS NULL")
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate("UPDATE outbox SET sent_at = :now WHERE id = :id")
    void markSent(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id")
    void recordFailure(@Bind("id") long id, @Bind("next") long nextAttemptAt);

    @SqlUpdate("UPDATE outbox SET attempts = attempts + 1, given_up_at = :now WHERE id = :id")
    void markGivenUp(@Bind("id") long id, @Bind("now") long now);

    /** Forgets entries sent or given up before {@code before}. */
    @SqlUpdate("DELETE FROM outbox WHERE sent_at < :before OR given_up_at < :before")
    int purge(@Bind("before") long before);

    /** Rows mapped by hand: Jdbi's constructor mapper inspects the record by reflection for every result set. */
    final class Rows implements RowMapper<OutboxEntry> {
        @Override
        public OutboxEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
            long sentAt = rs.getLong("sent_at");
            Long sent = rs.wasNull() ? null : sentAt;
            long givenUpAt = rs.getLong("given_up_at");
            Long givenUp = rs.wasNull() ? null : givenUpAt;
            return new OutboxEntry(rs.getLong("id"), rs.getString("kind"), rs.getString("recipient"),
                    rs.getString("subject"), rs.getString("body"), rs.getString("base_url"),
                    rs.getLong("created_at"), rs.getInt("attempts"), rs.getLong("next_attempt_at"), sent, givenUp);
        }
    }
}
