/**
 * One browser without JavaScript, as the console's HTTP tests drive it: a cookie jar, and requests that ask for HTML
 * and never follow redirects (a test reads the 303 and its cookies itself).
 */
export function formClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      if (/max-age=0/i.test(c)) jar.delete(pair!.slice(0, at));
      else jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const send = async (path: string, init: RequestInit & { headers?: Record<string, string> }) => {
    const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init, headers: { accept: 'text/html', cookie: cookie(), ...init.headers } });
    take(res);
    return res;
  };
  return {
    jar,
    async get(path: string, headers: Record<string, string> = {}) {
      const res = await send(path, { headers });
      return { res, text: await res.text() };
    },
    async bytes(path: string) {
      const res = await send(path, {});
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    },
    async post(path: string, fields: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}) {
      const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
      const res = await send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() });
      return { res, text: await res.text() };
    },
    async upload(path: string, fields: Record<string, string>, file: { name: string; content: string }) {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.append(k, v);
      data.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
      const res = await send(path, { method: 'POST', body: data });
      return { res, text: await res.text() };
    },
  };
}
