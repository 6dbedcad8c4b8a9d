export type { DeliveryResult, MailTransport, OutboxMessage, OutboxRepository } from './model.js';
export { OutboxSender, DEFAULT_OUTBOX_OPTIONS, type OutboxSenderOptions, type RoundResult } from './sender.js';
export { claimLinkMessage } from './claim-message.js';
export { fileTransport, smtpTransport } from './transports.js';
export { bilingualMessage, escapeHtml, type MessagePart } from './bilingual-message.js';
