/**
 * One run's side of attribution between runs (run-registry.ts, docs/engine.md "Attribution between runs"):
 * the tokens looked for in everything the run's host sends — its own (a breach) and other runs' (a breach of
 * this run, a note on the other) — and who is charged with a connection to its CANARY_PORT. The run gives it
 * what it observes and how to report; this class decides whose it is.
 */
import { CanaryScanner } from '../common/verdict/canary-scan.ts';
import type { Breach } from '../common/run/result.ts';
import type { CanaryConnection, RunCanaries } from './canaries.ts';
import type { HostHandle } from './host-process.ts';
import { processesUnder, type RegisteredRun, type RunRegistry } from './run-registry.ts';
import { holderOf, tcpSocketInode } from './socket-owner.ts';

const NO_TOKENS = new CanaryScanner([]);

export interface TokenHit {
  readonly canary: Breach['canary'];
  readonly encoding: string;
  readonly where: string;
}

/** What the run lends: its state as it is now (read at each use), and where findings go. */
export interface AttributionHooks {
  readonly id: string;
  registry(): RunRegistry | undefined;
  scanner(): CanaryScanner | undefined;
  canaries(): RunCanaries | undefined;
  host(): HostHandle | undefined;
  note(text: string): void;
  /** The same note is kept once (another run may touch this one many times the same way). */
  noteOnce(text: string): void;
  breach(b: Breach): void;
  tokenHit(hit: TokenHit): void;
}

export class RunAttribution {
  readonly #hooks: AttributionHooks;
  /** This run as the registry sees it (other runs charge it, or tell it what touched it). */
  readonly #registered: RegisteredRun;
  #unregister: (() => void) | undefined;

  constructor(hooks: AttributionHooks) {
    this.#hooks = hooks;
    this.#registered = {
      id: hooks.id,
      get scanner() {
        return hooks.scanner() ?? NO_TOKENS;
      },
      get port() {
        return hooks.canaries()?.port ?? 0;
      },
      get portSince() {
        return hooks.canaries()?.portSince ?? Infinity;
      },
      connectedTo: (port, from, to) => hooks.host()?.ledger?.connectedTo(port, from, to) ?? false,
      processes: () => processesUnder(hooks.host()?.pid),
      touchedBy: (note) => hooks.noteOnce(note),
      chargeConnection: (c, whose) => {
        hooks.canaries()?.connections.push({ ...c, remote: `${c.remote} to ${whose}` });
        hooks.breach({ canary: 'network', evidence: `connection to ${whose} from ${c.remote}` });
      },
    };
  }

  /** Join the live runs: from now on, this run's tokens are looked for in theirs and theirs in this one's. */
  register(): void {
    this.#unregister ??= this.#hooks.registry()?.add(this.#registered);
  }

  #others(): RegisteredRun[] {
    return this.#hooks.registry()?.others(this.#registered) ?? [];
  }

  /** Canary tokens in `text`, which the run's host sent as `where`. */
  scan(text: string, where: string): void {
    const hooks = this.#hooks;
    for (const hit of hooks.scanner()?.scan(text) ?? []) {
      hooks.tokenHit({ ...hit, where });
      hooks.breach({ canary: hit.canary, evidence: `token seen in ${where}` });
    }
    // Another run's token here: this run reached outside itself (the thief is charged, the victim told).
    for (const other of this.#others()) {
      for (const hit of other.scanner.scan(text)) {
        const whose = `run ${other.id.slice(0, 8)}'s ${hit.canary} canary`;
        hooks.tokenHit({ ...hit, where: `${where} (${whose})` });
        hooks.breach({ canary: hit.canary, evidence: `${whose} seen in ${where}` });
        other.touchedBy(
          `its ${hit.canary} token was seen in run ${hooks.id.slice(0, 8)}'s ${where}; charged to that run`,
        );
      }
    }
  }

  /**
   * A connection to this run's CANARY_PORT, while the connecting process still holds its end: charged to the run
   * whose process made it. Unidentified (no /proc, or the process already gone) it stays this run's breach.
   */
  onCanaryConnection(c: CanaryConnection): CanaryConnection | false {
    const port = this.#hooks.canaries()?.port ?? 0;
    const inode = tcpSocketInode(c.remotePort, port);
    const mine = inode === undefined ? undefined : holderOf(inode, this.#registered.processes());
    const others = mine !== undefined ? [] : this.#others();
    // The socket's holder if it is still there; else the trace's record of who tried to connect to this port
    // (a thief that connects and closes at once cannot frame this run).
    const other =
      (inode === undefined ? undefined : others.find((r) => holderOf(inode, r.processes()) !== undefined)) ??
      (mine === undefined && !this.#registered.connectedTo(port)
        ? others.find((r) => r.connectedTo(port, this.#registered.portSince))
        : undefined);
    if (other) {
      other.chargeConnection(c, `run ${this.#hooks.id.slice(0, 8)}'s CANARY_PORT`);
      this.#hooks.note(
        `a connection to CANARY_PORT came from run ${other.id.slice(0, 8)}'s process; charged to that run`,
      );
      return false;
    }
    const kept = mine === undefined ? c : { ...c, remote: `${c.remote} (pid ${mine})` };
    this.#hooks.breach({ canary: 'network', evidence: `connection to CANARY_PORT from ${kept.remote}` });
    return kept;
  }

  /**
   * The run's processes are gone: leave the live runs (its tokens stay known among the recent ones, as a thief
   * may print them later), and charge this run with what the trace saw it try on other runs' CANARY_PORTs, even
   * where the victim could not tell who it was.
   */
  close(): void {
    this.#unregister?.();
    // A port number is reused once its run has ended: another run's port is theft only while that run held it
    // (measured: an os-sandbox guest's attempt on its own CANARY_PORT was charged as a connection to an ended
    // run that had held the same number), and never when it is this run's own.
    const own = this.#hooks.canaries()?.port;
    for (const other of this.#others()) {
      const whose = `run ${other.id.slice(0, 8)}'s CANARY_PORT`;
      const charged = this.#hooks.canaries()?.connections.some((c) => c.remote.endsWith(whose));
      const tried = this.#registered.connectedTo(other.port, other.portSince, other.portUntil);
      if (other.port > 0 && other.port !== own && !charged && tried)
        this.#registered.chargeConnection({ remote: 'this run (by the trace)', remotePort: 0, atMs: 0 }, whose);
    }
  }
}
