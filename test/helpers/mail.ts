import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every message it accepts, and can be told to refuse for a while. */
export async function startMailServer() {
  const received: Array<{ to: string[]; raw: string }> = [];
  let refuseNext = 0;
  let delayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', async () => {
        // A slow server: a sender killed now has sent the data but not had it accepted.
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (refuseNext > 0) {
          refuseNext--;
          const e = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return done(e);
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (n: number) => (refuseNext = n),
    slow: (ms: number) => (delayMs = ms),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailServer = Awaited<ReturnType<typeof startMailServer>>;

/** A message's text with quoted-printable soft breaks and `=3D` undone. */
export const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
