// KV commit fault injection for the stress tests: while armed, a share of atomic commits throw
// before reaching the store, as a crash between reading and committing would. `restore()` puts
// the real commit back (call it in `finally`).
export interface CommitFaults {
  armed: boolean;
  /** How many commits were made to fail so far. */
  readonly count: number;
  restore(): void;
}

export function injectCommitFaults(random: () => number, rate: number): CommitFaults {
  const commit = Deno.AtomicOperation.prototype.commit;
  const state = {
    armed: false,
    count: 0,
    restore: () => {
      Deno.AtomicOperation.prototype.commit = commit;
    },
  };
  Deno.AtomicOperation.prototype.commit = function () {
    if (state.armed && random() < rate) {
      state.count++;
      return Promise.reject(new Error("injected fault"));
    }
    return commit.call(this);
  };
  return state;
}
