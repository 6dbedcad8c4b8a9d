import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { curpCheckDigit, hashCurp } from '../../src/issuance/curp.js';
import { matchCurp } from '../../src/web/verifier/client/curp.js';
import { UI } from '../../src/web/verifier/client/i18n.js';
import { payloadFromHash, readInput } from '../../src/web/verifier/client/input.js';
import { describeReport, verdictOf } from '../../src/web/verifier/client/view-model.js';
import type { Check, CheckName, VerificationReport } from '../../src/verification/index.js';
import { CHECK_NAMES } from '../../src/verification/index.js';

describe('readInput', () => {
  it('takes the #fragment of a scanned verifier link, in any case, percent-encoded or not', () => {
    expect(readInput('HTTPS://AVALA.TEST/V#1234567')).toEqual({ kind: 'credential', text: '1234567' });
    expect(readInput('  https://avala.test/verify#%7B%22a%22%3A1%7D \n')).toEqual({ kind: 'credential', text: '{"a":1}' });
  });

  it('passes a JWT, JSON or bare QR digits through unchanged (trimmed)', () => {
    expect(readInput(' eyJh.eyJi.c2ln ')).toEqual({ kind: 'credential', text: 'eyJh.eyJi.c2ln' });
    expect(readInput('{"@context":[]}')).toEqual({ kind: 'credential', text: '{"@context":[]}' });
    expect(readInput('1000506627')).toEqual({ kind: 'credential', text: '1000506627' });
  });

  it('tells a link without a payload (some other QR code) and empty input apart', () => {
    expect(readInput('https://example.com/menu')).toEqual({ kind: 'foreign-link' });
    expect(readInput('https://example.com/page#')).toEqual({ kind: 'foreign-link' });
    expect(readInput('   ')).toEqual({ kind: 'empty' });
  });

  it('reads the page address fragment, tolerating a stray percent sign', () => {
    expect(payloadFromHash('#1234')).toBe('1234');
    expect(payloadFromHash('')).toBeNull();
    expect(payloadFromHash('#')).toBeNull();
    expect(payloadFromHash('#12%')).toBe('12%');
  });
});

describe('matchCurp (WebCrypto, as in the browser)', () => {
  const first17 = 'HECG850412MJCRSD0';
  const curp = first17 + curpCheckDigit(first17);
  const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
  const hash = hashCurp(curp, salt);
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;

  it("agrees with issuance's hashCurp, whatever the case and spacing typed", async () => {
    expect(await matchCurp(curp, hash, salt, subtle)).toBe('match');
    expect(await matchCurp(` ${curp.toLowerCase().slice(0, 4)} ${curp.slice(4).toLowerCase()} `, hash, salt, subtle)).toBe('match');
  });

  it('says no-match for another CURP and malformed for something that is not one', async () => {
    const other = 'HECG850412MJCRSD1'.slice(0, 17);
    expect(await matchCurp(other + curpCheckDigit(other), hash, salt, subtle)).toBe('no-match');
    expect(await matchCurp(curp, hash, 'BBBBBBBBBBBBBBBBBBBBBB', subtle)).toBe('no-match');
    expect(await matchCurp('HECG850412', hash, salt, subtle)).toBe('malformed');
  });
});

function check(name: CheckName, status: Check['status'] = 'pass', code: Check['code'] = null): Check {
  return { name, status, code, message: `${name} ${status}`, messageEs: `${name} ${status} (es)` };
}

function reportWith(overrides: Partial<Record<CheckName, Check>>, facts = true): VerificationReport {
  const checks = CHECK_NAMES.map((n) => overrides[n] ?? check(n));
  return {
    verified: checks.every((c) => c.status === 'pass'),
    format: 'vc-jwt',
    checks,
    warnings: [],
    facts: facts
      ? {
          credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000',
          holderName: 'Itzel Canul May',
          standard: { code: 'EC0043', version: 1, title: 'Guía de turistas', level: 2 },
          body: { name: 'Cámara de Turismo', did: 'did:web:avala.test:bodies:camara', kind: 'chamber' },
          issuedAt: '2026-06-01T12:00:00.000Z',
          validFrom: '2026-06-01T12:00:00Z',
          validUntil: '2029-06-01T12:00:00Z',
          curp: { hash: 'sha256$00', salt: 'AAAAAAAAAAAAAAAAAAAAAA' },
          signedWith: 'did:web:avala.test:bodies:camara#key-1',
        }
      : null,
  };
}

describe('describeReport', () => {
  it('shows a passing report as VÁLIDO with the facts an employer reads, in Spanish', () => {
    const view = describeReport(reportWith({}), 'es');
    expect(view).toMatchObject({ verdict: 'valid', headline: 'VÁLIDO', reason: null, holderName: 'Itzel Canul May', curp: { salt: 'AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(view.facts).toEqual([
      { label: 'Estándar de competencia', value: 'EC0043 · Guía de turistas (Nivel 2, versión 1)' },
      { label: 'Organismo certificador', value: 'Cámara de Turismo · cámara empresarial' },
      { label: 'Acreditación', value: 'Acreditado para EC0043 v1 en la fecha de emisión, según el registro nacional.', bad: false },
      { label: 'Fecha de emisión', value: '1 de junio de 2026' },
      { label: 'Vigente hasta', value: '1 de junio de 2029', bad: false },
      { label: 'Estado', value: 'Vigente', bad: false },
      { label: 'Folio', value: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
    ]);
  });

  it('names a revocation as the reason and the status, in English too', () => {
    const revoked = reportWith({ revocation: check('revocation', 'fail', 'REVOKED') });
    expect(verdictOf(revoked)).toBe('invalid');
    const es = describeReport(revoked, 'es');
    expect(es).toMatchObject({ verdict: 'invalid', headline: 'NO VÁLIDO', reason: { title: 'Revocado', message: 'El organismo que lo emitió lo revocó: ya no es válido.' } });
    expect(es.facts.find((f) => f.label === 'Estado')).toEqual({ label: 'Estado', value: 'Revocado', bad: true });
    const en = describeReport(revoked, 'en');
    expect(en).toMatchObject({ headline: 'NOT VALID', reason: { title: 'Revoked', message: 'The body that issued it has revoked it: it is no longer valid.' } });
    expect(en.facts.find((f) => f.label === 'Status')).toEqual({ label: 'Status', value: 'Revoked', bad: true });
  });

  it('shows an expired credential as NO VÁLIDO with its date marked', () => {
    const view = describeReport(reportWith({ validity_window: check('validity_window', 'fail', 'EXPIRED') }), 'es');
    expect(view.reason).toEqual({ title: 'Vencido', message: 'El certificado venció el 1 de junio de 2029; la persona debe renovarlo.' });
    expect(view.facts.find((f) => f.label === 'Vigente hasta')).toEqual({ label: 'Vigente hasta', value: '1 de junio de 2029', bad: true });
    expect(view.facts.find((f) => f.label === 'Estado')?.value).toBe('Vencido');
  });

  it('shows nothing a forged credential says, only that its signature failed', () => {
    const forged = reportWith({ proof: check('proof', 'fail', 'CRYPTOGRAPHIC_SECURITY_ERROR') }, false);
    const view = describeReport(forged, 'es');
    expect(view).toMatchObject({ verdict: 'invalid', holderName: null, facts: [], curp: null, subline: UI.es.nothingReliable, reason: { title: 'Firma no válida' } });
  });

  it('keeps "could not check" (offline status list) apart from "not valid"', () => {
    const offline = reportWith({ revocation: check('revocation', 'unknown', 'STATUS_RETRIEVAL_ERROR') });
    const view = describeReport(offline, 'es');
    expect(view).toMatchObject({ verdict: 'undecided', headline: 'NO SE PUDO CONFIRMAR', reason: { title: 'No se pudo consultar el estado' } });
    expect(view.facts.find((f) => f.label === 'Estado')).toEqual({ label: 'Estado', value: 'No se pudo comprobar', bad: true });
  });

  it('reports a non-competency credential by name, never as VÁLIDO', () => {
    const notOne = (n: CheckName) => check(n, 'fail', 'NOT_A_COMPETENCY_CERTIFICATE');
    const attendance = reportWith({ competency_certificate: notOne('competency_certificate'), issuer_accredited: notOne('issuer_accredited'), standard_known: notOne('standard_known') });
    attendance.facts!.standard = null;
    expect(verdictOf(attendance)).toBe('not-competency');
    const es = describeReport(attendance, 'es');
    expect(es).toMatchObject({
      verdict: 'not-competency',
      headline: 'NO ES UN CERTIFICADO DE COMPETENCIA',
      subline: 'Credencial auténtica, pero no es un certificado de competencia laboral: no acredita ningún estándar del catálogo nacional.',
      reason: { title: 'No es un certificado de competencia' },
    });
    expect(JSON.stringify(es)).not.toContain('VÁLIDO');
    const en = describeReport(attendance, 'en');
    expect(en).toMatchObject({ verdict: 'not-competency', headline: 'NOT A COMPETENCY CERTIFICATE', subline: expect.stringContaining('Authentic, but not a national competency certificate'), reason: { title: 'Not a competency certificate' } });
    expect(en.checks.find((c) => c.name === 'competency_certificate')).toMatchObject({ label: 'Competency certificate', status: 'fail' });
    // Revoked as well: simply not valid.
    const revoked = { ...attendance, checks: attendance.checks.map((c) => (c.name === 'revocation' ? check('revocation', 'fail', 'REVOKED') : c)) };
    expect(describeReport(revoked, 'es')).toMatchObject({ verdict: 'invalid', headline: 'NO VÁLIDO' });
  });

  it('keeps the library message for each check in the detailed list', () => {
    const view = describeReport(reportWith({ issuer_accredited: check('issuer_accredited', 'fail', 'OUT_OF_ACCREDITATION_SCOPE') }), 'en');
    expect(view.reason).toEqual({ title: 'Outside the accreditation', message: 'The body was not accredited for this standard on the issue date.' });
    expect(view.checks.find((c) => c.name === 'issuer_accredited')).toEqual({ name: 'issuer_accredited', label: 'Accredited body', status: 'fail', statusText: 'failed', message: 'issuer_accredited fail' });
  });
});
