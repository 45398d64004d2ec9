package microblog.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP server on a loopback port that answers RCPT and DATA as a test says, one script per connection, and
 * accepts everything once the scripts are used up: the 4xx and 5xx replies GreenMail does not give.
 */
final class ScriptedSmtpPeer implements AutoCloseable {
    /** How one connection is answered; {@code null} means "250 OK". */
    record Script(String rcptReply, String dataReply) {
        static Script rcpt(String reply) {
            return new Script(reply, null);
        }

        static Script data(String reply) {
            return new Script(null, reply);
        }
    }

    private final ServerSocket server;
    private final List<Script> scripts;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();

    ScriptedSmtpPeer(Script... scripts) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.scripts = List.of(scripts);
        this.thread = new Thread(this::serve, "scripted-smtp-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections the peer has taken so far. */
    int connections() {
        return connections.get();
    }

    /** The mails accepted with 250 after DATA, as received. */
    List<String> delivered() {
        return delivered;
    }

    /** Every command received, in order (the first word of each line outside DATA). */
    List<String> commands() {
        return commands;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                int n = connections.getAndIncrement();
                converse(socket, n < scripts.size() ? scripts.get(n) : new Script(null, null));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // One broken conversation; the next connection gets a fresh one.
            }
        }
    }

    private void converse(Socket socket, Script script) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 peer.test ESMTP scripted");
        for (String line; (line = in.readLine()) != null; ) {
            String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
            commands.add(verb);
            switch (verb) {
                case "EHLO" -> reply(out, "250-peer.test\r\n250 8BITMIME");
                case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
                case "RCPT" -> reply(out, script.rcptReply() == null ? "250 OK" : script.rcptReply());
                case "DATA" -> {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    List<String> lines = new ArrayList<>();
                    for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                        lines.add(data);
                    }
                    if (script.dataReply() == null) {
                        delivered.add(String.join("\n", lines));
                        reply(out, "250 OK queued");
                    } else {
                        reply(out, script.dataReply());
                    }
                }
                case "QUIT" -> {
                    reply(out, "221 Bye");
                    return;
                }
                default -> reply(out, "502 Command not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(5_000);
    }
}
