// The pure ledger core: no Fabric imports, no I/O, no clock, no promises. The chaincode contract
// and the embedded ledger both run exactly this code: the ledger over its world state, the
// contract over its stub by re-execution (replay.ts).
export { canonicalJson } from './canonical-json';
export {
  decodeOp,
  decodeOpResult,
  decodeQuery,
  decodeQueryResult,
  encodeOp,
  encodeOpResult,
  encodeQuery,
  encodeQueryResult,
  parseOp,
  parseQuery,
} from './codec';
export { executeOp, prepareOp, type PreparedOp } from './execute';
export { hashlockOf } from './hashlock';
export { compositeKey, splitCompositeKey } from './keys';
export { evaluateQuery } from './queries';
export { applyWrites, type StateStore, type StateWrite } from './store';
export * from './types';
