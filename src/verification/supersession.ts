import { z } from 'zod';
import { jsonPart, type ParsedCredential } from './decode.js';
import { short } from './keys.js';
import { exceedsBytes, jsonDepthExceeds, LIMITS } from './limits.js';
import type { Check } from './model.js';
import { verifyJwtProof } from './proof-jwt.js';
import { fail, failure, isFailure, pass, unknown, type Failure } from './reasons.js';
import { allowedOrigin, type StatusListFetcher } from './status.js';
import { keyProblemAt, type RegistryIndex } from './trust-registry.js';

/** The register's type, as `src/status/supersession-register.ts` builds it. */
const REGISTER_TYPE = 'AvalaSupersessionRegister';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const instant = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time');
const subjectSchema = z.looseObject({
  type: z.literal('SupersessionRegister'),
  version: z.number().int().min(1),
  ttl: z.number().positive().optional(),
  entries: z.array(z.looseObject({ credentialId: z.string().max(300), supersededAt: instant, supersededBy: z.string().max(300) })),
});

export interface Supersession {
  supersededAt: string;
  supersededBy: string;
}

export interface SupersessionContext {
  index: RegistryIndex;
  fetcher: StatusListFetcher | undefined;
  now: Date;
  skewMs: number;
}

/**
 * The `superseded` check: is this credential in its issuer's supersession register, the signed document at the
 * address the trust registry names for the body? Pass when it is not listed; fail `SUPERSEDED` (with when and by
 * which certificate) when it is. Fail closed: a register that cannot be fetched, is too large or slow, is not signed
 * by the issuer with a key valid when it signed, or is past its validity reads as `unknown`, never as a pass.
 */
export async function checkSuperseded(credential: ParsedCredential, issuer: string, ctx: SupersessionContext): Promise<{ check: Check; supersession: Supersession | null }> {
  const id = credential.id;
  if (typeof id !== 'string') {
    return { check: pass('superseded', 'The credential has no id, so no renewal can name it.', 'La credencial no tiene identificador, así que ninguna renovación puede nombrarla.'), supersession: null };
  }
  const register = await loadRegister(issuer, ctx);
  if (isFailure(register)) return { check: unknown('superseded', register), supersession: null };
  const entry = register.get(id);
  if (!entry) {
    return { check: pass('superseded', "Not replaced: checked against the issuer's signed supersession register.", 'No fue sustituida: se consultó el registro de sustituciones firmado por el emisor.'), supersession: null };
  }
  const f = failure(
    'SUPERSEDED',
    `This certificate was replaced by a renewal on ${entry.supersededAt}: certificate ${short(entry.supersededBy)}.`,
    `Este certificado fue sustituido por una renovación el ${entry.supersededAt}: certificado ${short(entry.supersededBy)}.`,
  );
  return { check: fail('superseded', f), supersession: entry };
}

async function loadRegister(issuer: string, ctx: SupersessionContext): Promise<Map<string, Supersession> | Failure> {
  const retrieval = (en: string, es: string) => failure('STATUS_RETRIEVAL_ERROR', en, es);
  const bad = (url: string, en: string, es: string) => failure('STATUS_VERIFICATION_ERROR', `The supersession register ${short(url)} ${en}`, `El registro de sustituciones ${short(url)} ${es}`);
  const body = ctx.index.body(issuer);
  const named = body?.supersessionRegister;
  if (typeof named !== 'string') {
    return retrieval('The trust registry names no supersession register for this issuer, so a renewal cannot be ruled out.', 'El registro de confianza no indica un registro de sustituciones para este emisor, así que no se puede descartar una renovación.');
  }
  const url = allowedOrigin(named, ctx.index.registry.statusListOrigins);
  if (!url) return retrieval(`The supersession register ${short(named)} is not at an address the trust registry allows; it was not fetched.`, `El registro de sustituciones ${short(named)} no está en una dirección que el registro de confianza permita; no se consultó.`);
  if (!ctx.fetcher) return retrieval('No source of supersession registers is configured, so a renewal cannot be ruled out.', 'No hay una fuente de registros de sustituciones configurada, así que no se puede descartar una renovación.');

  let text: unknown;
  try {
    text = (await withTimeout(ctx.fetcher(url), LIMITS.supersessionRegisterMs))?.body;
  } catch {
    return retrieval(`The supersession register ${short(url)} could not be retrieved; whether a renewal replaced this certificate is unknown.`, `No se pudo obtener el registro de sustituciones ${short(url)}; se desconoce si una renovación sustituyó este certificado.`);
  }
  if (typeof text !== 'string') return bad(url, 'could not be read.', 'no se pudo leer.');
  if (exceedsBytes(text, LIMITS.supersessionRegisterBytes)) {
    return failure('RESOURCE_LIMIT', `The supersession register ${short(url)} is larger than ${LIMITS.supersessionRegisterBytes} bytes.`, `El registro de sustituciones ${short(url)} supera los ${LIMITS.supersessionRegisterBytes} bytes.`);
  }
  const jwt = text.trim();
  if (!COMPACT_JWS.test(jwt)) return bad(url, 'is not a signed JWT.', 'no es un JWT firmado.');
  const [h, p] = jwt.split('.') as [string, string, string];
  const header = jsonPart(h);
  const payload = jsonPart(p);
  if (!header || !payload || jsonDepthExceeds(header) || jsonDepthExceeds(payload)) return bad(url, 'is not readable.', 'no se puede leer.');
  if (payload.issuer !== issuer) return bad(url, "was not issued by the credential's issuer.", 'no la emitió el emisor de la credencial.');
  if (payload.id !== url) return bad(url, 'names itself with another address.', 'se identifica con otra dirección.');
  if (!Array.isArray(payload.type) || !payload.type.includes(REGISTER_TYPE)) return bad(url, `is not an ${REGISTER_TYPE}.`, `no es un ${REGISTER_TYPE}.`);

  // The signing key is looked up among the ISSUER's keys in the trust registry: another body's key is refused.
  const key = await verifyJwtProof({ jwt, header, raw: payload, issuer }, ctx.index);
  if (isFailure(key)) return bad(url, `is not validly signed by the issuer: ${key.message}`, `no está firmado válidamente por el emisor: ${key.messageEs}`);
  const validFrom = typeof payload.validFrom === 'string' ? Date.parse(payload.validFrom) : Number.NaN;
  const validUntil = typeof payload.validUntil === 'string' ? Date.parse(payload.validUntil) : Number.NaN;
  if (Number.isNaN(validFrom) || Number.isNaN(validUntil)) return bad(url, 'does not say when it is valid.', 'no indica su vigencia.');
  if (key.trustKey && keyProblemAt(key.trustKey, validFrom) !== null) return bad(url, 'was signed with a key that was not valid at the time.', 'se firmó con una clave que no estaba vigente en ese momento.');
  const now = ctx.now.getTime();
  if (validFrom - now > ctx.skewMs) return bad(url, 'is not valid yet.', 'aún no es válido.');
  if (now - validUntil > ctx.skewMs) {
    return failure('STATUS_STALE', `The supersession register ${short(url)} expired on ${String(payload.validUntil)}; a current one is needed.`, `El registro de sustituciones ${short(url)} venció el ${String(payload.validUntil)}; se necesita uno vigente.`);
  }
  const subject = subjectSchema.safeParse(payload.credentialSubject);
  if (!subject.success) return bad(url, 'has no readable list of entries.', 'no tiene una lista de entradas legible.');
  return new Map(subject.data.entries.map((e) => [e.credentialId, { supersededAt: e.supersededAt, supersededBy: e.supersededBy }]));
}


function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
