// Prints the run's fast-check seed once, before any test, so every log says how to replay it.
import { fcSeed } from './fc-seed';

export default function setup(): void {
  console.log(`fast-check seed ${fcSeed()} (FC_SEED=<n> replays or explores; FC_PATH=<path> too)`);
}
