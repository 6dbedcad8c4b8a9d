import type { Request, Response, Router } from 'express';
import type { AuditService } from '../../audit/index.js';
import {
  DIMENSIONS,
  GRANULARITIES,
  civilDayStart,
  maskCurp,
  nextDay,
  oversight,
  oversightWindow,
  type AccreditationFact,
  type Dimension,
  type Granularity,
  type OversightSource,
} from '../../console/index.js';
import { OVERSIGHT_MESSAGES, renderAuditLog, renderFlagCertificates, renderOversight, type AuditSearchValues, type FieldErrors } from '../../web/index.js';
import type { ConsoleKit } from './console.js';

export interface OversightRouteDeps {
  source: OversightSource;
  audit: Pick<AuditService, 'list' | 'verify'>;
}

const AUDIT_PAGE = 50;
const one = (x: unknown, max = 200): string => (typeof x === 'string' ? x.trim().slice(0, max) : '');

/**
 * The authority's oversight in the console: issuance volume over time with its flags (src/console/oversight.ts),
 * the certificates behind each flag (read only), and the audit log searched with the chain's verification state.
 * Every page is the authority's: a body's staff gets 404 (and an `auth.denied` entry), as `/console/authority` does.
 */
export function consoleOversightRoutes(router: Router, kit: ConsoleKit, d: OversightRouteDeps): void {
  const { deps, page, pageRoute, langOf, isReply } = kit;

  const granularityOf = (req: Request): Granularity => (GRANULARITIES as readonly string[]).includes(one(req.query.period)) ? (one(req.query.period) as Granularity) : 'week';
  const dimensionOf = (req: Request): Dimension => (DIMENSIONS as readonly string[]).includes(one(req.query.by)) ? (one(req.query.by) as Dimension) : 'body';

  /** The facts, read once per page, and the rules run over them. */
  const computed = async (g: Granularity) => {
    const now = deps.dashboard.clock();
    const { since } = oversightWindow(now, g);
    const [recent, repeated, accreditations, bodies, standards] = await Promise.all([
      d.source.issuedSince(since),
      d.source.repeatedCurps(),
      deps.registry.listAccreditations(),
      deps.registry.listBodies(),
      deps.registry.listStandards(),
    ]);
    const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
    const code = new Map(standards.map((s) => [s.id, s.code]));
    const acc: AccreditationFact[] = accreditations.map((a) => ({ id: a.id, bodyId: a.bodyId, bodyName: bodyName.get(a.bodyId) ?? a.bodyId, standardId: a.standardId, standardCode: code.get(a.standardId) ?? a.standardId, validFrom: a.validFrom, validUntil: a.validUntil }));
    return oversight({ now, granularity: g, recent, repeated, accreditations: acc });
  };

  router.get(
    '/console/authority/oversight',
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const s = await kit.authorityOnly(req, res);
      if (isReply(s)) return s;
      const g = granularityOf(req);
      const o = await computed(g);
      return page(lang, renderOversight({ lang, principal: s.principal, csrf: s.csrfToken, granularity: g, dimension: dimensionOf(req), volume: o.volume, flags: o.flags }));
    }),
  );

  router.get(
    '/console/authority/oversight/flags',
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const s = await kit.authorityOnly(req, res);
      if (isReply(s)) return s;
      const g = granularityOf(req);
      const o = await computed(g);
      const key = one(req.query.key, 300);
      const flag = o.flags.find((f) => f.key === key) ?? null;
      const certificates = flag ? flag.credentialIds.map((id) => o.facts.get(id)).filter((x) => x !== undefined) : [];
      return page(lang, renderFlagCertificates({ lang, principal: s.principal, csrf: s.csrfToken, granularity: g, key, flag, certificates, maskCurp }), { status: flag ? 200 : 404 });
    }),
  );

  router.get(
    '/console/authority/audit',
    pageRoute(async (req, res) => {
      const lang = langOf(req);
      const m = OVERSIGHT_MESSAGES[lang];
      const s = await kit.authorityOnly(req, res);
      if (isReply(s)) return s;
      const bodies = (await deps.registry.listBodies()).map((b) => ({ id: b.id, name: b.name })).sort((a, b) => a.name.localeCompare(b.name));
      const values: AuditSearchValues = { body: one(req.query.body), actor: one(req.query.actor), action: one(req.query.action, 100), from: one(req.query.from, 10), until: one(req.query.until, 10) };
      const errors: FieldErrors = {};
      if (values.body && !bodies.some((b) => b.id === values.body)) errors.body = m.badBody;
      const since = values.from ? civilDayStart(values.from) : undefined;
      const until = values.until ? (civilDayStart(values.until) ? civilDayStart(nextDay(values.until)) : null) : undefined;
      if (since === null) errors.from = m.badDate;
      if (until === null) errors.until = m.badDate;
      if (since && until && until <= since) errors.until = m.badRange;
      const before = /^\d{1,15}$/.test(one(req.query.before)) ? Number(one(req.query.before)) : undefined;
      const chain = await d.audit.verify();
      const invalid = Object.keys(errors).length > 0;
      const entries = invalid
        ? []
        : await d.audit.list({
            limit: AUDIT_PAGE + 1,
            ...(values.body ? { bodyId: values.body } : {}),
            ...(values.actor ? { actor: values.actor } : {}),
            ...(values.action ? { action: values.action } : {}),
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            ...(before && before > 0 ? { beforeSeq: before } : {}),
          });
      const more = entries.length > AUDIT_PAGE;
      const shown = entries.slice(0, AUDIT_PAGE);
      return page(lang, renderAuditLog({ lang, principal: s.principal, csrf: s.csrfToken, bodies, values, errors, entries: shown, chain, olderThan: more ? shown.at(-1)!.seq : null, paged: before !== undefined }), { status: invalid ? 422 : 200 });
    }),
  );
}
