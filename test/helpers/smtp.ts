import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO), as the server saw them. */
  to: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) that parses every message it
 * accepts with mailparser. Plain by default, STARTTLS hidden; `secure` speaks TLS from the
 * start and STARTTLS shown offers it, both with smtp-server's own self-signed certificate.
 */
export async function startSmtp(options: Partial<SMTPServerOptions> & { user?: string; pass?: string } = {}) {
  const received: ReceivedMail[] = [];
  const { user, pass, ...rest } = options;
  const server = new SMTPServer({
    logger: false,
    hideSTARTTLS: true,
    authOptional: !user,
    allowInsecureAuth: true,
    disabledCommands: user ? [] : ['AUTH'],
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((a) => a.address), mail });
          callback();
        })
        .catch(callback);
    },
    ...rest,
  });
  // A client that refuses the certificate drops the connection: the server reports it, we expect it.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const scheme = options.secure ? 'smtps' : 'smtp';
  const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(pass ?? '')}@` : '';
  return {
    port,
    url: `${scheme}://${auth}127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies TestSmtp;
}

/** A server that accepts connections and never says a word (no greeting): a hanging SMTP server. */
export async function startSilentServer(): Promise<{ url: string; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
