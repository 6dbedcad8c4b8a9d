export * from './model.js';
export type { StatusRepository, StatusListSigner, ReserveRequest, ReservedSlot, ChangeRequest, ChangeResult, StatusSnapshot} from './ports.js';
export { StatusService, type StatusDeps, type StatusOptions, type ChangeInput, type PublishedListView } from './service.js';
export { createStatusListSigner, type CurrentKeySource } from './list-signer.js';
export { pickFreeIndexes, type RandomInt, type ListOccupancy } from './allocation.js';
export { encodeBitstring } from './bitstring.js';
export { MAX_NOTE_LENGTH, authorize, bitFor, changeInput, isRevocationReason, planChange, readState, stateSettingBit, type PlannedChange } from './rules.js';
export {
  MAX_CHAIN,
  actionOf,
  checkLink,
  familyRoot,
  planInheritance,
  planStatusChange,
  renewalChain,
  replacesPublished,
  type BitWrite,
  type ChangeAsk,
  type ChangeOutcome,
  type ChangePlan,
  type EntryRow,
  type FamilyRows,
  type MemberRow,
  type RenewalRow,
  type SlotRow,
  type StatusEventWrite,
  type StatusRowWrite,
  type StatusWrites,
  type VersionBump,
} from './plan.js';
export { createRegisterSigner } from './list-signer.js';
export {
  SupersessionService,
  type PublishedRegister,
  type PublishedRegisterView,
  type RegisterSigner,
  type SupersessionOptions,
  type SupersessionRepository,
} from './supersessions.js';
export {
  SUPERSESSION_REGISTER_TYPE,
  buildSupersessionRegister,
  supersessionEntries,
  supersessionRegisterUrl,
  type SupersessionEntry,
  type UnsignedSupersessionRegister,
} from './supersession-register.js';
