export * from './model.js';
export type { StatusRepository, StatusSigner, ReserveRequest, ReservedSlot, ChangeRequest, ChangeResult, StatusSnapshot } from './ports.js';
export { StatusService, type StatusDeps, type StatusOptions, type ChangeInput, type PublishedListView } from './service.js';
export { pickFreeIndexes, type RandomInt, type ListOccupancy } from './allocation.js';
export { encodeBitstring } from './bitstring.js';
export { MAX_NOTE_LENGTH, authorize, bitFor, changeInput, isRevocationReason, planChange, readState, stateSettingBit, type PlannedChange } from './rules.js';
// Every plan is public: the repositories apply them, the tests drive them without SQLite.
export * from './plan.js';
export {
  SupersessionService,
  type PublishedRegister,
  type PublishedRegisterView,
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
