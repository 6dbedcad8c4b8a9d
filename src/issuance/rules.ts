import { AppError } from '../errors.js';
import type { Evaluation } from './model.js';

/**
 * The person who evaluated may never certify. Both ids come from authenticated API keys: the evaluator's when the
 * evaluation was recorded, the certifier's now.
 */
export function assertSeparationOfDuties(evaluation: Pick<Evaluation, 'evaluatorId' | 'id'>, certifierId: string): void {
  if (evaluation.evaluatorId === certifierId) {
    throw new AppError('ERR_SEPARATION_OF_DUTIES', 'The person who evaluated this candidate cannot also certify the evaluation; another certifier of the body must do it', {
      details: { evaluationId: evaluation.id },
    });
  }
}

export function assertCompetent(evaluation: Pick<Evaluation, 'result' | 'id'>): void {
  if (evaluation.result !== 'competent') {
    throw new AppError('ERR_EVALUATION_NOT_COMPETENT', `Evaluation ${evaluation.id} found the candidate not yet competent; only competent evaluations are certified`);
  }
}

/** An evaluation date is a calendar day that has happened (a clock skew of a day is tolerated for time zones). */
export function assertEvaluationDate(day: string, now: Date): void {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) {
    throw new AppError('ERR_VALIDATION', `"${day}" is not a calendar date (YYYY-MM-DD)`);
  }
  if (t > now.getTime() + 24 * 3600 * 1000) throw new AppError('ERR_VALIDATION', `The evaluation date ${day} is in the future`);
}

/** The instant at which the accreditation must hold: the start of the evaluation day (UTC) — its date is what matters. */
export function evaluationInstant(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}
