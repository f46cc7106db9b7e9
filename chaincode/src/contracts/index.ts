// Entry point for `fabric-chaincode-node server` (chaincode-as-a-service): the contracts served.
import { CorridorContract } from './corridor-contract';

export { CorridorContract } from './corridor-contract';
export { OP_TRANSACTIONS, QUERY_TRANSACTIONS } from './transaction-names';
export const contracts = [CorridorContract];
