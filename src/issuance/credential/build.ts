import { AVALA_LEGACY_CONTEXT_URL, OB_CONTEXT_V3_URL, VC_CONTEXT_V2_URL, type BitstringStatusListEntry } from '../../vc/index.js';
import { validityWindow } from './validity.js';

/**
 * The `@context` of a competency certificate: VC 2.0, Open Badges 3.0.3 and Avala's context under the URL the
 * deployment serves it at (config `AVALA_CONTEXT_URL`). Only the URL varies; the document is the same file.
 */
export function competencyCredentialContext(avalaContextUrl: string): readonly [typeof VC_CONTEXT_V2_URL, typeof OB_CONTEXT_V3_URL, string] {
  return Object.freeze([VC_CONTEXT_V2_URL, OB_CONTEXT_V3_URL, avalaContextUrl] as const);
}
export const COMPETENCY_CREDENTIAL_TYPE = Object.freeze(['VerifiableCredential', 'OpenBadgeCredential'] as const);

export interface CompetencyCredentialInput {
  /** `urn:uuid:…`, allocated by the caller. */
  id: string;
  /**
   * The URL the credential names Avala's context by (config `AVALA_CONTEXT_URL`). Default: the legacy
   * `AVALA_LEGACY_CONTEXT_URL`, which every loader of ours knows (test vectors keep using it).
   */
  contextUrl?: string;
  /** The certifying body: its DID and name. */
  issuer: { id: string; name: string };
  /** The moment of certification: `validFrom`, and the start of the validity period. */
  issuedAt: Date;
  holder: {
    /** Full name, in clear: shown to anyone the worker shows the credential to. */
    name: string;
    /** `hashCurp(curp, salt)`: the CURP itself never enters the credential. */
    curpHash: string;
    /** The salt the hash was made with; a verifier needs it to check a CURP typed from the ID card. */
    salt: string;
    /** The wallet's DID, when the worker has one. */
    did?: string | null;
  };
  standard: {
    code: string;
    version: number;
    title: string;
    description: string;
    /** Level on the national qualifications framework, 1–5. */
    level: number;
    sector: string;
    /** Months a certificate stays valid; null when it never expires. */
    validityMonths: number | null;
    /** The standard's stable URL, one per version: use `standardUrl(publicUrl, code, version)`. */
    url: string;
    /** The committee that wrote the standard: a URL and its name. */
    committee: { id: string; name: string };
  };
  evidence: {
    /** The evaluation centre (name or identifier). */
    centre: string;
    /** YYYY-MM-DD. */
    evaluatedOn: string;
    /** Staff ids, taken from the authenticated identities. */
    evaluatorId: string;
    certifierId: string;
  };
  /** Allocated by the caller, normally `credentialStatusEntries(slots)` of `src/vc/`: one revocation and one suspension entry. */
  credentialStatus: readonly BitstringStatusListEntry[];
  /** The id of the credential this one renews. */
  renews?: string | null;
}

/** IdentityObject (Open Badges 3.0) */
export interface IdentityObject {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'name' | 'nationalIdentityNumber';
  hashed: boolean;
  salt?: string;
}

/** The unsigned credential. A type alias (not an interface) so it is assignable to `Record<string, unknown>`. */
export type CompetencyCredential = {
  '@context': readonly string[];
  id: string;
  type: readonly string[];
  issuer: { id: string; type: ['Profile']; name: string };
  validFrom: string;
  validUntil?: string;
  name: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    id?: string;
    identifier: IdentityObject[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certification';
      humanCode: string;
      version: string;
      name: string;
      description: string;
      /** The criteria are the standard's, published at its URL; naming them keeps the printed QR code small. */
      criteria: { id: string };
      creator: { id: string; type: ['Profile']; name: string };
      nqfLevel: number;
      sector: string;
    };
  };
  evidence: Array<{
    type: ['Evidence'];
    name: string;
    evaluationCentre: string;
    evaluatedOn: string;
    evaluatorId: string;
    certifierId: string;
  }>;
  credentialStatus: BitstringStatusListEntry[];
  renews?: string;
};

/** `${publicUrl}/standards/EC0217/v/1`: a version's URL never changes meaning, so credentials can point at it. */
export function standardUrl(publicUrl: string, code: string, version: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/standards/${encodeURIComponent(code)}/v/${version}`;
}

/**
 * The unsigned competency certificate: a VC Data Model 2.0 credential that is also an Open Badges 3.0
 * `OpenBadgeCredential`. Pure: everything that varies (id, time, salt, status slots) comes in through `input`.
 * Inputs are assumed validated at the edge; a malformed one here is our bug, hence `TypeError`.
 */
export function buildCompetencyCredential(input: CompetencyCredentialInput): CompetencyCredential {
  const { issuer, holder, standard, evidence } = input;
  if (!/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.id)) throw new TypeError(`credential id ${input.id} is not a urn:uuid`);
  if (!/^sha256\$[0-9a-f]{64}$/.test(holder.curpHash)) throw new TypeError('holder.curpHash must come from hashCurp()');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(evidence.evaluatedOn)) throw new TypeError(`evaluatedOn ${evidence.evaluatedOn} is not YYYY-MM-DD`);
  if (input.credentialStatus.length === 0) throw new TypeError('a competency credential needs its status entries');

  const { validFrom, validUntil } = validityWindow(input.issuedAt, standard.validityMonths);
  const credential: CompetencyCredential = {
    '@context': [...competencyCredentialContext(input.contextUrl ?? AVALA_LEGACY_CONTEXT_URL)],
    id: input.id,
    type: [...COMPETENCY_CREDENTIAL_TYPE],
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
    validFrom,
    ...(validUntil === undefined ? {} : { validUntil }),
    name: `${standard.code} ${standard.title}`,
    credentialSubject: {
      type: ['AchievementSubject'],
      ...(holder.did ? { id: holder.did } : {}),
      identifier: [
        { type: 'IdentityObject', identityHash: holder.name, identityType: 'name', hashed: false },
        { type: 'IdentityObject', identityHash: holder.curpHash, identityType: 'nationalIdentityNumber', hashed: true, salt: holder.salt },
      ],
      achievement: {
        id: standard.url,
        type: ['Achievement'],
        achievementType: 'Certification',
        humanCode: standard.code,
        version: String(standard.version),
        name: standard.title,
        description: standard.description,
        criteria: { id: `${standard.url}#criteria` },
        creator: { id: standard.committee.id, type: ['Profile'], name: standard.committee.name },
        nqfLevel: standard.level,
        sector: standard.sector,
      },
    },
    evidence: [
      {
        type: ['Evidence'],
        name: `Evaluación de competencia ${standard.code} v${standard.version}`,
        evaluationCentre: evidence.centre,
        evaluatedOn: evidence.evaluatedOn,
        evaluatorId: evidence.evaluatorId,
        certifierId: evidence.certifierId,
      },
    ],
    credentialStatus: input.credentialStatus.map((s) => ({ ...s })),
    ...(input.renews ? { renews: input.renews } : {}),
  };
  return credential;
}
