/** Live app clients as the tool sees them: what the port reads, and what the core compares. */
import type { ApiConfig } from "./convert.js";

export type ClientSummary = { userPoolId: string; clientId: string; clientName: string };

/** A live app client. The secret never leaves the adapter: only whether there is one. */
export type LiveClient = {
  userPoolId: string;
  clientId: string;
  clientName: string;
  /** The updatable members, as Describe returned them. */
  config: ApiConfig;
  hasSecret: boolean;
  lastModifiedDate?: string;
  /**
   * Members Describe returned that are neither updatable nor known read-only, top-level or inside
   * an object-valued field (`RefreshTokenRotation.NewMember`): an update would reset them.
   */
  unknownMembers: string[];
  /**
   * The raw answer could not be read, so members the SDK dropped cannot be ruled out: plan and
   * apply refuse to update the client (an update could reset them).
   */
  rawUnread?: true;
};

/** A read of a live client and when it was taken (ms on the run's clock), so its age is known. */
export type LiveRead = { live: LiveClient; at: number };
