import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { curpMatchesHash } from '../../issuance/curp.js';
import { CHECK_NAMES, problemDetails, type CheckName, type PresentationReport, type VerificationReport, type Verifier } from '../../verification/index.js';
import { problem, type Reply, type RouteTable } from '../route.js';

export interface VerificationRouteDeps {
  verifier: Verifier;
  /** Requests per client address per window, for the three public endpoints together; `false` turns it off. */
  rateLimit?: { windowMs: number; limit: number } | false;
}

export const DEFAULT_VERIFY_RATE_LIMIT = { windowMs: 60_000, limit: 120 };

// VC-API clients name checks their way: `credentialStatus` is our two status checks, `expiration` the validity window.
const CHECK_ALIASES: Record<string, readonly CheckName[]> = { credentialStatus: ['revocation', 'suspension'], expiration: ['validity_window'] };
const checkName = z.enum([...CHECK_NAMES, ...(Object.keys(CHECK_ALIASES) as ['credentialStatus', 'expiration'])]);
const Options = z.looseObject({
  checks: z.array(checkName).min(1).max(20).optional(),
  challenge: z.string().max(512).optional(),
  domain: z.string().max(512).optional(),
  /** A CURP typed from the holder's ID card, to compare with the credential's salted hash. Never stored or logged. */
  curp: z.string().max(32).optional(),
});
const CredentialInput = z.union([z.record(z.string(), z.unknown()), z.string()]);
// VC-API: the credential is a JSON object. A string is taken as what only a string can be (a compact VC-JWT, its
// data: URL, a QR payload), never as JSON text: a credential serialized into a string is not a map (VC Data
// Integrity, "Verify Proof": PARSING_ERROR). `POST /verify` still reads pasted JSON text.
const VcApiCredentialInput = z.union([
  z.record(z.string(), z.unknown()),
  z.string().refine((s) => !/^\s*[[{"]/.test(s), 'must be a JSON object (a credential given as JSON text in a string is not one)'),
]);
const VerifyCredentialBody = z.object({ verifiableCredential: VcApiCredentialInput, options: Options.optional() });
const VerifyPresentationBody = z.object({ verifiablePresentation: z.record(z.string(), z.unknown()), options: Options.optional() });
const VerifyAnyBody = z.union([
  z.string(),
  z
    .object({ verifiableCredential: CredentialInput.optional(), jwt: z.string().optional(), qr: z.string().optional(), options: Options.optional() })
    .refine((b) => [b.verifiableCredential, b.jwt, b.qr].filter((x) => x !== undefined).length === 1, 'give exactly one of verifiableCredential, jwt or qr'),
]);

/**
 * The public verifier API: VC-API `POST /credentials/verify` and `POST /presentations/verify`, and `POST /verify`
 * for anything a person has in hand (a credential, a JWT, a QR payload). No authentication, rate-limited. Answers as
 * VC-API says: 200 with `verified: true`, 400 with `verified: false`, the named checks and `problemDetails`; input
 * that is not a credential at all is a problem document (400, or 413 when too large), never a 5xx.
 */
export function verificationRoutes(t: RouteTable, deps: VerificationRouteDeps): void {
  const before = rateLimiter(deps.rateLimit ?? DEFAULT_VERIFY_RATE_LIMIT);

  t.add(
    { method: 'post', path: '/credentials/verify', tag: 'verification', auth: 'public', summary: 'Verify a credential (VC-API): Data Integrity, or VC-JWT enveloped', body: VerifyCredentialBody, before },
    async ({ body }) => {
      const report = await deps.verifier.verify(body.verifiableCredential, { checks: checksOf(body.options?.checks) });
      return credentialReply(report, body.options?.curp);
    },
  );

  t.add(
    { method: 'post', path: '/presentations/verify', tag: 'verification', auth: 'public', summary: "Verify a presentation (VC-API): unsigned, or signed by its holder with the caller's challenge and domain", body: VerifyPresentationBody, before },
    async ({ body }) => {
      const o = body.options ?? {};
      const report = await deps.verifier.verifyPresentation(body.verifiablePresentation, { checks: checksOf(o.checks), challenge: o.challenge, domain: o.domain });
      return presentationReply(report);
    },
  );

  t.add(
    { method: 'post', path: '/verify', tag: 'verification', auth: 'public', summary: 'Verify whatever a person has: a credential, a compact JWT or a QR payload (and optionally match a CURP)', body: VerifyAnyBody, before },
    async ({ body }) => {
      const input = typeof body === 'string' ? body : (body.verifiableCredential ?? body.jwt ?? body.qr);
      const options = typeof body === 'string' ? undefined : body.options;
      const report = await deps.verifier.verify(input, { checks: checksOf(options?.checks) });
      return credentialReply(report, options?.curp);
    },
  );
}

function checksOf(names: ReadonlyArray<z.output<typeof checkName>> | undefined): CheckName[] | undefined {
  return names?.flatMap((n) => CHECK_ALIASES[n] ?? [n as CheckName]);
}

function vcApiBody(report: VerificationReport) {
  const errors = problemDetails(report.checks);
  return {
    verified: report.verified,
    checks: report.checks.map((c) => c.name),
    warnings: report.warnings,
    errors,
    problemDetails: errors,
    results: report.checks,
    format: report.format,
    facts: report.facts,
  };
}

/**
 * VC-API's answer: 200 when verified, 400 when not. Input that is not a credential at all gets the error contract's
 * problem document instead (413 when too large), with the report alongside.
 */
function reply(checks: ReadonlyArray<{ name: string; status: string; code: string | null; message: string }>, verified: boolean, body: Record<string, unknown>): Reply {
  const format = checks.find((c) => c.name === 'format');
  if (format?.status === 'fail') {
    const tooLarge = format.code === 'RESOURCE_LIMIT';
    return problem(tooLarge ? 'ERR_PAYLOAD_TOO_LARGE' : 'ERR_INVALID_CREDENTIAL', format.message, body);
  }
  return { status: verified ? 200 : 400, body };
}

function credentialReply(report: VerificationReport, curp: string | undefined): Reply {
  const curpMatch = curp !== undefined && report.facts?.curp ? curpMatchesHash(curp, report.facts.curp.hash, report.facts.curp.salt) : undefined;
  const body = { ...vcApiBody(report), ...(curpMatch === undefined ? {} : { curpMatch }) };
  return reply(report.checks, report.verified, body);
}

function presentationReply(report: PresentationReport): Reply {
  const errors = [...problemDetails(report.checks), ...report.credentials.flatMap((c) => problemDetails(c.checks))];
  const body = {
    verified: report.verified,
    checks: report.checks.map((c) => c.name),
    warnings: report.warnings,
    errors,
    problemDetails: errors,
    presentationResult: { verified: report.checks.every((c) => c.status === 'pass'), results: report.checks, holder: report.holder },
    credentialResults: report.credentials.map(vcApiBody),
  };
  return reply(report.checks, report.verified, body);
}

/**
 * express-rate-limit, run before the route (it writes the RateLimit headers itself); over the limit → a thrown 429
 * problem. Malformed requests count too: they cost the server as much.
 */
function rateLimiter(opts: { windowMs: number; limit: number } | false): RequestHandler[] {
  if (opts === false) return [];
  const middleware = rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The client is req.ip: the socket's address unless a configured proxy forwarded it (app's `trust proxy`).
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new AppError('ERR_RATE_LIMITED', 'Too many verification requests from this address; wait a minute and try again')),
  });
  return [middleware];
}
