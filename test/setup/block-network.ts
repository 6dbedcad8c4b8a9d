/**
 * Tests never reach the network: any outbound connection to a host other than loopback fails loudly,
 * so a library that tries to fetch a JSON-LD context or a DID document shows up as a failing test.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;
const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  let host: string | undefined;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) host = first.path ? undefined : (first.host ?? 'localhost');
  else if (typeof first === 'number') host = typeof args[1] === 'string' ? (args[1] as string) : 'localhost';
  if (host !== undefined && !LOOPBACK.test(host)) throw new Error(`Test tried to reach the network (${host}); tests must stay offline`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (!LOOPBACK.test(url.hostname.replace(/^\[|\]$/g, ''))) throw new Error(`Test tried to fetch ${url.href}; tests must stay offline`);
  return originalFetch(input, init);
}) as typeof fetch;
