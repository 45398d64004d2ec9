# microblog's settings for this Tomcat node: CATALINA_BASE/bin/setenv.sh, which catalina.sh reads at every start.
# The sessions are shared through PostgreSQL (conf/Catalina/localhost/ROOT.xml); the application's own data is not
# yet: for now every node must run on this machine and open the SAME SQLite file (SQLite's locking works between
# processes on one machine, not over a network file system). microblog in PostgreSQL, for nodes on several
# machines, comes later.
# Replace @MICROBLOG_DB@ with that file's path (the same on every node), e.g. /var/lib/microblog/microblog.db.
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.db=@MICROBLOG_DB@"
# The abuse limits count in that database, so that guesses spread over the nodes meet one limit, not one per node.
CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.throttle.store=database"
# Behind the balancer (on this machine), let the app see the client's address:
# CATALINA_OPTS="$CATALINA_OPTS -Dmicroblog.client.header=X-Forwarded-For"
