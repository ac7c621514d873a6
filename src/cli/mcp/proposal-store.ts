/**
 * Proposals an MCP client was shown and may apply later by id. Kept in memory for the server's
 * lifetime; the oldest are forgotten past a limit, so a long session does not grow without end.
 */
import { randomBytes } from 'node:crypto';
import type { ChangeSet } from '../../core/changes/change-set';

export interface StoredProposal {
  readonly id: string;
  /** Absolute project folder the change set's paths are relative to. */
  readonly root: string;
  readonly changeSet: ChangeSet;
}

const MAX_PROPOSALS = 50;

export class ProposalStore {
  private readonly proposals = new Map<string, StoredProposal>();
  private counter = 0;
  /** Ids of an earlier server are not mistaken for this one's. */
  private readonly session = randomBytes(3).toString('hex');

  add(root: string, changeSet: ChangeSet): StoredProposal {
    const proposal = { id: `${this.session}-${++this.counter}`, root, changeSet };
    this.proposals.set(proposal.id, proposal);
    for (const id of this.proposals.keys()) {
      if (this.proposals.size <= MAX_PROPOSALS) break;
      this.proposals.delete(id);
    }
    return proposal;
  }

  get(id: string): StoredProposal | undefined {
    return this.proposals.get(id);
  }

  delete(id: string): void {
    this.proposals.delete(id);
  }
}
