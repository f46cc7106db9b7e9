// F1's baseline chaincode: a transfer reduced to what any Fabric transfer must do — read the
// two balances, check funds, write both back — with none of Corridor's rules (no asset
// registry, no op-id replay guard, no canonical records, no credit deltas). Same language,
// same shim, same network as the Corridor chaincode, so the ratio isolates Corridor's cost.
import { type Context, Contract } from 'fabric-contract-api';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function balance(ctx: Context, account: string): Promise<bigint> {
  const bytes = await ctx.stub.getState(account);
  return bytes.length === 0 ? 0n : BigInt(decoder.decode(bytes));
}

export class MinimalTransfer extends Contract {
  constructor() {
    super('minimal');
  }

  async Mint(ctx: Context, account: string, amount: string): Promise<void> {
    await ctx.stub.putState(
      account,
      encoder.encode(String((await balance(ctx, account)) + BigInt(amount))),
    );
  }

  async Transfer(ctx: Context, from: string, to: string, amount: string): Promise<void> {
    const value = BigInt(amount);
    const fromBalance = await balance(ctx, from);
    if (value <= 0n || fromBalance < value) throw new Error(`InsufficientFunds: ${from}`);
    const toBalance = await balance(ctx, to);
    await ctx.stub.putState(from, encoder.encode(String(fromBalance - value)));
    await ctx.stub.putState(to, encoder.encode(String(toBalance + value)));
  }

  async Balance(ctx: Context, account: string): Promise<string> {
    return String(await balance(ctx, account));
  }
}

export const contracts = [MinimalTransfer];
