# microblog's settings for this Tomcat node: CATALINA_BASE/bin/setenv.sh, which catalina.sh reads at every start.
# Identical on every node. It holds the database password: make it readable by Tomcat's user only (chmod 600).
# Replace the @...@ placeholders.
# The app's data, shared by every node: ONE PostgreSQL database (create it, empty, and a user owning it; the first
# node to start creates the tables, under an advisory lock). The WAR carries the driver. The sessions live in
# another database, through Tomcat (conf/Catalina/localhost/ROOT.xml).
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.db=@MICROBLOG_DB@"
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.db.user=@MICROBLOG_DB_USER@"
# The password as an environment variable, not a -D option: Tomcat logs every JVM option at start
# (VersionLoggerListener, in catalina.out) and ps shows them to every user; only Tomcat's user can read its environment.
export MICROBLOG_DB_PASSWORD='@MICROBLOG_DB_PASSWORD@'
# The abuse limits count in that database, so that guesses spread over the nodes meet one limit, not one per node.
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.throttle.store=database"
# Where users reach the site through the balancer: reset links are made from it, never from a request's Host.
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.base.url=@MICROBLOG_BASE_URL@"
# Every node's mail sender reads the shared outbox and claims each mail before sending it: each is sent once.
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.mail.host=@MICROBLOG_MAIL_HOST@"
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.mail.port=@MICROBLOG_MAIL_PORT@"
# Behind the balancer: read the client's address from X-Forwarded-For, believed only from the trusted proxies
# (by default loopback: nginx on this machine; list its address if it runs elsewhere).
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.client.header=X-Forwarded-For"
# CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.client.proxies=10.0.0.5"
