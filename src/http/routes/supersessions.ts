import { z } from 'zod';
import type { SupersessionService } from '../../status/index.js';
import type { RouteTable } from '../route.js';
import { cachedReply } from './status.js';

/** Public, what verifiers fetch: a body's signed supersession register, at the address the trust registry names. */
export function supersessionRoutes(t: RouteTable, supersessions: SupersessionService): void {
  t.add(
    {
      method: 'get',
      path: '/status/:bodySlug/supersessions',
      tag: 'status',
      auth: 'public',
      summary: "A body's signed supersession register (application/vc+jwt): its certificates replaced by a renewal, when and by which",
      params: z.object({ bodySlug: z.string().trim().min(1).max(128) }),
    },
    async ({ params, req }) => {
      const view = await supersessions.published(params.bodySlug);
      return cachedReply(req, { ...view, body: view.jwt });
    },
  );
}
