/** What the page says about a certificate, read from the credential the worker was issued. */
export interface CertificateView {
  id: string;
  holderName: string;
  issuerName: string;
  standardCode: string;
  standardVersion: string;
  standardTitle: string;
  level: number | null;
  sector: string | null;
  centre: string | null;
  evaluatedOn: string | null;
  validFrom: string;
  validUntil: string | null;
}


/** Reads the display facts out of an Open Badges 3.0 competency credential; tolerant, since it only displays. */
export function certificateView(credential: Record<string, unknown>, fallback: { id: string; holderName: string | null; validFrom: string; validUntil: string | null }): CertificateView {
  const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
  const subject = obj(credential.credentialSubject);
  const achievement = obj(subject.achievement);
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier.map(obj) : [];
  const nameId = identifiers.find((i) => i.identityType === 'name' && i.hashed === false);
  const evidence = Array.isArray(credential.evidence) ? obj(credential.evidence[0]) : {};
  const level = achievement.nqfLevel;
  return {
    id: str(credential.id) ?? fallback.id,
    holderName: str(nameId?.identityHash) ?? fallback.holderName ?? '—',
    issuerName: str(obj(credential.issuer).name) ?? '—',
    standardCode: str(achievement.humanCode) ?? '—',
    standardVersion: str(achievement.version) ?? '—',
    standardTitle: str(achievement.name) ?? str(credential.name) ?? '—',
    level: typeof level === 'number' && Number.isInteger(level) ? level : null,
    sector: str(achievement.sector),
    centre: str(evidence.evaluationCentre),
    evaluatedOn: str(evidence.evaluatedOn),
    validFrom: str(credential.validFrom) ?? fallback.validFrom,
    validUntil: str(credential.validUntil) ?? fallback.validUntil,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
