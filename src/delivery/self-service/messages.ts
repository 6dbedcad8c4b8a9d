import type { OutgoingMessage } from '../../issuance/index.js';
import { bilingualMessage } from '../outbox/index.js';

/** The sign-in code, to the address the worker typed. */
export function codeMessage(to: string, code: string, minutes: number): OutgoingMessage {
  return bilingualMessage(
    'worker-code',
    to,
    `Su código de acceso a Avala: ${code} / Your Avala sign-in code`,
    {
      lines: [`Su código para ver sus certificados es ${code}.`, `Vence en ${minutes} minutos y sirve una sola vez.`],
      after: ['Si usted no lo pidió, ignore este mensaje: nadie puede entrar sin este código.'],
    },
    {
      lines: [`Your code to see your certificates is ${code}.`, `It expires in ${minutes} minutes and works once.`],
      after: ['If you did not ask for it, ignore this message: no one can sign in without this code.'],
    },
  );
}
